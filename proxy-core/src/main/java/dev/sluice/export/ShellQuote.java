package dev.sluice.export;

/**
 * Quoting for POSIX shells: every value taken from a flow goes into single quotes, where the shell
 * interprets nothing ({@code $}, backticks, globs, backslashes, newlines stay literal); a
 * {@code '} is written as {@code '\''}. Bodies that cannot travel as an argument (NUL, invalid
 * UTF-8, control characters) are produced by {@code printf} from octal escapes instead.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The body as text when it can be an argument: valid UTF-8 without control characters other
     * than tab, CR and LF (and without NUL, which no argument can hold); otherwise null.
     */
    public static String asArgument(byte[] body) {
        String text = StrictUtf8.decode(body);
        if (text == null) return null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && c != '\t' && c != '\r' && c != '\n') return null;
        }
        return text;
    }

    /**
     * A {@code printf} command that writes exactly these bytes: printable ASCII stays readable,
     * every other byte (and {@code \}, {@code %}, {@code '}, which printf or the quotes would
     * interpret) is a three-digit octal escape.
     */
    public static String printf(byte[] body) {
        StringBuilder sb = new StringBuilder("printf '");
        for (byte b : body) {
            int v = b & 0xff;
            if (v >= 0x20 && v < 0x7f && v != '\\' && v != '%' && v != '\'') {
                sb.append((char) v);
            } else {
                sb.append('\\').append((char) ('0' + (v >> 6))).append((char) ('0' + ((v >> 3) & 7))).append((char) ('0' + (v & 7)));
            }
        }
        return sb.append('\'').toString();
    }
}
