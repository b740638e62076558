package dev.sluice.flow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Query strings and form bodies as ordered (name, value) pairs, percent-decoded. */
public final class Forms {
    private Forms() {
    }

    /** {@code a=1&b=&c} → (a,1), (b,""), (c,""); {@code +} reads as a space; blank pieces are dropped. */
    public static List<Map.Entry<String, String>> urlencoded(String text) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        for (String piece : text.split("&", -1)) {
            if (piece.isEmpty()) continue;
            int eq = piece.indexOf('=');
            String name = eq < 0 ? piece : piece.substring(0, eq);
            String value = eq < 0 ? "" : piece.substring(eq + 1);
            out.add(Map.entry(decode(name), decode(value)));
        }
        return out;
    }

    /** Percent-decoding as UTF-8 with {@code +} as space; malformed escapes stay as they are. */
    public static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Whether the Content-Type names this media type (parameters ignored, ASCII case-insensitive). */
    public static boolean isType(String contentType, String mediaType) {
        if (contentType == null) return false;
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return Headers.asciiLowerCase(t).equals(mediaType);
    }

    /** The fields of a urlencoded or multipart form body, or an empty list for any other body. */
    public static List<Map.Entry<String, String>> fields(String contentType, byte[] body) {
        if (body == null) return List.of();
        if (isType(contentType, "application/x-www-form-urlencoded")) return urlencoded(new String(body, StandardCharsets.ISO_8859_1));
        if (isType(contentType, "multipart/form-data")) return multipart(contentType, body);
        return List.of();
    }

    /** The (name, value) pairs of a multipart/form-data body, values decoded as UTF-8. */
    public static List<Map.Entry<String, String>> multipart(String contentType, byte[] body) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) return out;
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) break;
            int next = text.indexOf("\r\n" + delimiter, partStart);
            if (next < 0) break;
            int headEnd = text.indexOf("\r\n\r\n", partStart);
            if (headEnd < 0 || headEnd > next) {
                at = next + 2;
                continue;
            }
            String name = null;
            for (String line : text.substring(partStart, headEnd).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) name = parameter(line, "name");
            }
            if (name != null) {
                String value = text.substring(headEnd + 4, next);
                out.add(Map.entry(utf8(name), utf8(value)));
            }
            at = next + 2;
        }
        return out;
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A {@code ; name=value} parameter of a header value (quotes removed), or null. */
    public static String parameter(String headerValue, String name) {
        if (headerValue == null) return null;
        for (String part : headerValue.split(";")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                return v;
            }
        }
        return null;
    }
}
