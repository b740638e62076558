package dev.sluice.pattern;

import dev.sluice.filter.FilterException;
import dev.sluice.filter.FlowFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The separator-pattern mini-language (options-and-patterns.md §8) of map_local, map_remote,
 * modify_body and modify_headers: {@code <sep>[filter<sep>]subject<sep>replacement}. The first
 * character is the separator; pieces are used verbatim; an absent or empty filter matches all.
 * block_list uses the same splitting with two pieces ({@link #split}).
 */
public record SeparatorPattern(FlowFilter filter, String subject, String replacement) {

    private static final FlowFilter MATCH_ALL = new FlowFilter.All();

    /**
     * Splits a three-piece item.
     *
     * @throws IllegalArgumentException {@code Invalid number of parameters (2 or 3 are expected)}, or
     *                                  the filter's {@code Invalid filter expression: ...}
     */
    public static SeparatorPattern parse(String item) {
        List<String> pieces = split(item, 3);
        return switch (pieces.size()) {
            case 2 -> new SeparatorPattern(MATCH_ALL, pieces.get(0), pieces.get(1));
            case 3 -> new SeparatorPattern(filter(pieces.get(0)), pieces.get(1), pieces.get(2));
            default -> throw new IllegalArgumentException("Invalid number of parameters (2 or 3 are expected)");
        };
    }

    /**
     * The pieces after the separator (the item's first character), at most {@code maxPieces}:
     * everything after the last split, further separators included, is the last piece. An empty
     * item has no pieces.
     */
    static List<String> split(String item, int maxPieces) {
        List<String> pieces = new ArrayList<>(maxPieces);
        if (item.isEmpty()) return pieces;
        String separator = item.substring(0, Character.charCount(item.codePointAt(0)));
        int start = separator.length();
        while (pieces.size() < maxPieces - 1) {
            int at = item.indexOf(separator, start);
            if (at < 0) break;
            pieces.add(item.substring(start, at));
            start = at + separator.length();
        }
        pieces.add(item.substring(start));
        return pieces;
    }

    /**
     * Compiles a filter piece; the empty piece matches all (Sluice improvement over mitmproxy
     * 8.1.1, which refuses it).
     *
     * @throws IllegalArgumentException {@code Invalid filter expression: '<f>' (<detail>)}
     */
    static FlowFilter filter(String piece) {
        if (piece.isEmpty()) return MATCH_ALL;
        try {
            return FlowFilter.parse(piece);
        } catch (FilterException e) {
            // a blank piece is "empty" to the parser, whose message would not name the piece
            if (e.position() == 0) throw new IllegalArgumentException("Invalid filter expression: '" + piece + "' (" + e.getMessage() + ")");
            throw e;
        }
    }
}
