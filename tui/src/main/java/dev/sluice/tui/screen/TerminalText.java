package dev.sluice.tui.screen;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.sluice.text.Sanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Text made ready for cells: sanitised (console.md §12) before width is measured, East Asian wide
 * characters counted as two cells, and never cut inside an escape, a surrogate pair or between a
 * character and its combining marks. Escapes are marked so the screen can colour them.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** A run of text that is either plain or one visible escape such as {@code \x1b}. */
    public record Segment(String text, boolean escape) {
    }

    /** One piece that is never split: a character with its combining marks, or one escape. */
    private record Atom(String text, int width, boolean escape) {
    }

    public static final String ELLIPSIS = "…";

    /** Cells the sanitised text takes. */
    public static int width(String raw) {
        int w = 0;
        for (Atom a : atoms(raw)) w += a.width;
        return w;
    }

    /** The sanitised text cut to at most {@code cells}, ending with the ellipsis when cut. */
    public static List<Segment> fit(String raw, int cells, String ellipsis) {
        List<Atom> atoms = atoms(raw);
        int total = 0;
        for (Atom a : atoms) total += a.width;
        if (total <= cells) return segments(atoms, atoms.size());
        int room = Math.max(0, cells - ellipsis.length());
        int used = 0;
        int n = 0;
        while (n < atoms.size() && used + atoms.get(n).width <= room) used += atoms.get(n++).width;
        List<Segment> out = segments(atoms, n);
        if (cells >= ellipsis.length()) out.add(new Segment(ellipsis, false));
        return out;
    }

    /** The sanitised text broken into lines of at most {@code cells} (at least one line). */
    public static List<List<Segment>> wrap(String raw, int cells) {
        List<Atom> atoms = atoms(raw);
        List<List<Segment>> lines = new ArrayList<>();
        int start = 0;
        while (start < atoms.size() || lines.isEmpty()) {
            int used = 0;
            int end = start;
            while (end < atoms.size() && (used + atoms.get(end).width <= cells || end == start)) used += atoms.get(end++).width;
            lines.add(segments(atoms.subList(start, end), end - start));
            start = end;
        }
        return lines;
    }

    /** Body text: tabs expanded to the next multiple of eight, as a terminal would. */
    public static String expandTabs(String line) {
        if (line.indexOf('\t') < 0) return line;
        StringBuilder sb = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') sb.append(" ".repeat(8 - sb.length() % 8));
            else sb.append(c);
        }
        return sb.toString();
    }

    private static List<Segment> segments(List<Atom> atoms, int n) {
        List<Segment> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Atom a = atoms.get(i);
            if (a.escape) {
                if (plain.length() > 0) {
                    out.add(new Segment(plain.toString(), false));
                    plain.setLength(0);
                }
                out.add(new Segment(a.text, true));
            } else {
                plain.append(a.text);
            }
        }
        if (plain.length() > 0) out.add(new Segment(plain.toString(), false));
        return out;
    }

    private static List<Atom> atoms(String raw) {
        List<Atom> atoms = new ArrayList<>(raw == null ? 0 : raw.length());
        if (raw == null) return atoms;
        int i = 0;
        while (i < raw.length()) {
            int cp = raw.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!Character.isValidCodePoint(cp) || (Character.isSurrogate(raw.charAt(i)) && next == i + 1)) next = i + 1;
            String one = raw.substring(i, next);
            String safe = Sanitizer.line(one);
            if (!safe.equals(one)) {
                atoms.add(new Atom(safe, safe.length(), true));
            } else if (isCombining(cp) && !atoms.isEmpty() && !atoms.get(atoms.size() - 1).escape) {
                Atom prev = atoms.remove(atoms.size() - 1);
                atoms.add(new Atom(prev.text + one, prev.width, false));
            } else {
                atoms.add(new Atom(one, cellWidth(cp), false));
            }
            i = next;
        }
        return atoms;
    }

    private static boolean isCombining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0xfe0f;
    }

    /** Two cells for East Asian wide characters (and most emoji), as Lanterna draws them. */
    private static int cellWidth(int cp) {
        if (cp < 0x1100) return 1;
        if (Character.isBmpCodePoint(cp)) return TerminalTextUtils.isCharDoubleWidth((char) cp) ? 2 : 1;
        return (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
    }
}
