package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import java.util.List;

/**
 * One block_list rule, {@code <sep><flow-filter><sep><status-code>} (features.md §3): requests the
 * filter matches are answered with the status, or hung up on for 444.
 */
public record BlockSpec(FlowFilter filter, int status) {

    /** The non-standard status that means "close the connection without a response". */
    public static final int HANG_UP = 444;

    /**
     * Parses a rule. The item is used verbatim (mitmproxy 8.1.1 lower-cases it, so rules with
     * capitals never match there).
     *
     * @throws IllegalArgumentException {@code Invalid number of parameters (2 are expected)},
     *                                  {@code Invalid filter expression: '<f>' (<detail>)} or
     *                                  {@code Invalid HTTP status code: <s>}
     */
    public static BlockSpec parse(String item) {
        List<String> pieces = SeparatorPattern.split(item, 2);
        if (pieces.size() != 2 || looksLikeOneParameterTooMany(item, pieces.get(1))) {
            throw new IllegalArgumentException("Invalid number of parameters (2 are expected)");
        }
        FlowFilter filter = SeparatorPattern.filter(pieces.get(0));
        return new BlockSpec(filter, status(pieces.get(1)));
    }

    public boolean hangsUp() {
        return status == HANG_UP;
    }

    /**
     * A status piece that is no status but ends in {@code <sep><valid status>}, as in
     * {@code /~u index.html/TOOMANY/300}, has an extra piece in front of the status; saying so
     * helps more than calling {@code TOOMANY/300} a bad status code.
     */
    private static boolean looksLikeOneParameterTooMany(String item, String statusPiece) {
        String separator = item.substring(0, Character.charCount(item.codePointAt(0)));
        int last = statusPiece.lastIndexOf(separator);
        return last >= 0 && !isStatus(statusPiece) && isStatus(statusPiece.substring(last + separator.length()));
    }

    private static int status(String piece) {
        if (!isStatus(piece)) throw new IllegalArgumentException("Invalid HTTP status code: " + piece);
        return Integer.parseInt(piece);
    }

    /** 200 to 999: codes that can form a final response (1xx cannot). */
    private static boolean isStatus(String piece) {
        if (piece.isEmpty() || piece.length() > 3 || !piece.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        int code = Integer.parseInt(piece);
        return code >= 200 && code <= 999;
    }
}
