package dev.sluice.tui.grid;

import dev.sluice.pattern.Escapes;
import dev.sluice.text.Sanitizer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a grid shows a stored value and reads typed text back. Flow data (console.md §10.1) shows
 * backslashes doubled and unprintable bytes as {@code \xNN} and escape-decodes what is typed
 * (options-and-patterns.md §9), so any byte can be entered; option items (console.md §9) are
 * shown and stored verbatim.
 */
public sealed interface CellCodec {

    /** Header names and values: one char per byte (ISO-8859-1). */
    CellCodec BYTES = new FlowData(StandardCharsets.ISO_8859_1);
    /** Decoded text: query, form and cookie fields. */
    CellCodec TEXT = new FlowData(StandardCharsets.UTF_8);
    /** List option items: what is shown is what is stored. */
    CellCodec VERBATIM = new Verbatim();

    /** The text drawn (and edited) for a stored value. */
    String show(String value);

    /** Whether the shown text can be edited in place (and typing it back gives the value). */
    boolean editable(String value);

    /** The value for typed text; IllegalArgumentException names what is wrong with it. */
    String read(String typed);

    /** The value as file bytes (external editor, r). */
    byte[] toFile(String value);

    /** The value for file bytes. */
    String fromFile(byte[] bytes);

    /** Flow data in one charset: bytes outside printable ASCII (BYTES) or unprintable characters (TEXT) escaped. */
    record FlowData(Charset charset) implements CellCodec {

        @Override
        public String show(String value) {
            StringBuilder sb = new StringBuilder(value.length() + 8);
            boolean bytes = charset.equals(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                i += Character.charCount(cp);
                switch (cp) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    case '\n' -> sb.append("\\n");
                    default -> {
                        String ch = new String(Character.toChars(cp));
                        boolean printable = bytes ? cp >= 0x20 && cp < 0x7f : Sanitizer.line(ch).equals(ch);
                        if (printable) sb.append(ch);
                        else for (byte b : ch.getBytes(charset)) sb.append(String.format("\\x%02x", b & 0xff));
                    }
                }
            }
            return sb.toString();
        }

        @Override
        public boolean editable(String value) {
            return true;
        }

        @Override
        public String read(String typed) {
            return new String(Escapes.decode(typed), charset);
        }

        @Override
        public byte[] toFile(String value) {
            return value.getBytes(charset);
        }

        @Override
        public String fromFile(byte[] bytes) {
            return new String(bytes, charset);
        }
    }

    /** Option items: shown sanitised; an item that needed sanitising cannot be edited in place. */
    record Verbatim() implements CellCodec {

        @Override
        public String show(String value) {
            return Sanitizer.line(value);
        }

        @Override
        public boolean editable(String value) {
            return Sanitizer.line(value).equals(value);
        }

        @Override
        public String read(String typed) {
            return typed;
        }

        @Override
        public byte[] toFile(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String fromFile(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
