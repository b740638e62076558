package dev.sluice.pattern;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Escape decoding of modify_body and modify_headers pieces (options-and-patterns.md §9): the text
 * as UTF-8 bytes with Python's backslash sequences ({@code \n}, {@code \xhh}, {@code \ooo}, ...)
 * replaced by the bytes they stand for; any other {@code \X} stays as written.
 */
public final class Escapes {
    private Escapes() {
    }

    /**
     * Decodes a literal piece.
     *
     * @throws IllegalArgumentException {@code invalid \x escape at position <n>}
     */
    public static byte[] decode(String text) {
        return decode(text, false);
    }

    /**
     * Decodes a regex piece: as {@link #decode}, but {@code \b} stays {@code \b} so it still means a
     * word boundary (mitmproxy turns it into a backspace, so {@code \bfoo\b} never matches there).
     */
    public static byte[] decodeRegex(String text) {
        return decode(text, true);
    }

    private static byte[] decode(String text, boolean keepWordBoundary) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int i = 0;
        while (i < in.length) {
            if (in[i] != '\\' || i + 1 == in.length) {
                out.write(in[i++]);
                continue;
            }
            byte next = in[i + 1];
            switch (next) {
                case '\\', '\'', '"' -> out.write(next);
                case 'a' -> out.write(0x07);
                case 'f' -> out.write(0x0c);
                case 'n' -> out.write(0x0a);
                case 'r' -> out.write(0x0d);
                case 't' -> out.write(0x09);
                case 'v' -> out.write(0x0b);
                case 'b' -> {
                    if (keepWordBoundary) {
                        out.write('\\');
                        out.write('b');
                    } else {
                        out.write(0x08);
                    }
                }
                case 'x' -> {
                    int high = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
                    int low = i + 3 < in.length ? Character.digit(in[i + 3], 16) : -1;
                    if (high < 0 || low < 0) throw new IllegalArgumentException("invalid \\x escape at position " + i);
                    out.write(high << 4 | low);
                    i += 4;
                    continue;
                }
                default -> {
                    if (isOctal(next)) {
                        i = octal(in, i + 1, out);
                        continue;
                    }
                    out.write('\\');
                    out.write(next);
                }
            }
            i += 2;
        }
        return out.toByteArray();
    }

    /** One to three octal digits from {@code start}: one byte (values above 0377 wrap, as in Python). */
    private static int octal(byte[] in, int start, ByteArrayOutputStream out) {
        int value = 0;
        int end = start;
        while (end < in.length && end < start + 3 && isOctal(in[end])) value = value * 8 + (in[end++] - '0');
        out.write(value & 0xff);
        return end;
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
