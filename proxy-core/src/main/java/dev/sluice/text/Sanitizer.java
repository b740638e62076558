package dev.sluice.text;

/**
 * Makes text safe for a terminal (console.md §12): controls, DEL, C1 controls, bidirectional and
 * invisible format characters and lone surrogates become visible escapes, so nothing taken from
 * a flow can move the cursor, change the title or reorder text.
 */
public final class Sanitizer {
    private Sanitizer() {
    }

    /** Sanitises a one-line field: tab, CR and LF are shown as {@code \t}, {@code \r}, {@code \n}. */
    public static String line(String s) {
        return sanitize(s, false);
    }

    /** Sanitises body text: LF and tab stay (tabs expand later), everything else as {@link #line}. */
    public static String body(String s) {
        return sanitize(s, true);
    }

    /** Latin-1 header bytes: controls escaped, bytes above 0x7E shown as {@code \xNN}. */
    public static String bytes(String latin1) {
        StringBuilder sb = null;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            boolean bad = c < 0x20 || c >= 0x7f;
            if (bad && sb == null) sb = new StringBuilder(latin1.substring(0, i));
            if (sb == null) continue;
            if (bad) escapeByte(sb, c);
            else sb.append(c);
        }
        return sb == null ? latin1 : sb.toString();
    }

    private static String sanitize(String s, boolean multiline) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escapeFor(s, i, multiline);
            if (escape != null && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb == null) continue;
            if (escape != null) sb.append(escape);
            else sb.append(c);
            if (escape == null && Character.isHighSurrogate(c) && i + 1 < s.length()) sb.append(s.charAt(++i));
        }
        return sb == null ? s : sb.toString();
    }

    private static String escapeFor(String s, int i, boolean multiline) {
        char c = s.charAt(i);
        if (c == '\t') return multiline ? null : "\\t";
        if (c == '\n') return multiline ? null : "\\n";
        if (c == '\r') return "\\r";
        if (c < 0x20 || c == 0x7f) return String.format("\\x%02x", (int) c);
        if (c >= 0x80 && c <= 0x9f) return String.format("\\u%04x", (int) c);
        if (c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || (c >= 0x200b && c <= 0x200d) || (c >= 0x2060 && c <= 0x2064) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb)) {
            return String.format("\\u%04x", (int) c);
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? null : String.format("\\u%04x", (int) c);
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? null : String.format("\\u%04x", (int) c);
        }
        return null;
    }

    private static void escapeByte(StringBuilder sb, char c) {
        switch (c) {
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            default -> sb.append(String.format("\\x%02x", (int) c));
        }
    }
}
