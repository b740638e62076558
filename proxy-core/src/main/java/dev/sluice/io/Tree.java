package dev.sluice.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lenient access to a flow's state tree: the plain values every format reads into and writes
 * from ({@code Map<String,Object>} in key order, {@code List<Object>}, {@code String} (text),
 * {@code byte[]} (bytes), {@code Long}, {@code Double}, {@code Boolean}, null). Readers accept
 * what older or foreign writers produce: text where bytes are expected and vice versa, integers
 * where floats are expected, {@code {"b64": ...}} objects where bytes are expected.
 */
final class Tree {
    private Tree() {
    }

    /** A value of the wrong kind: the file is damaged at this record. */
    static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message);
        }
    }

    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new BadValue(what + " is not an object");
    }

    /** The object under the key, or null when missing or null. */
    static Map<String, Object> mapOrNull(Map<String, Object> m, String key) {
        Object o = m.get(key);
        return o == null ? null : map(o, key);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o == null) return List.of();
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new BadValue(what + " is not a list");
    }

    static List<Object> list(Map<String, Object> m, String key) {
        return list(m.get(key), key);
    }

    static Object require(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) throw new BadValue("missing required field " + key);
        return o;
    }

    /** Text: strings as they are, bytes decoded as UTF-8 (with replacement); null stays null. */
    static String text(Object o) {
        if (o == null) return null;
        if (o instanceof String s) return s;
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (o instanceof Number || o instanceof Boolean) return o.toString();
        throw new BadValue("expected text, found " + describe(o));
    }

    static String text(Map<String, Object> m, String key, String dflt) {
        String s = text(m.get(key));
        return s == null ? dflt : s;
    }

    /** Bytes: byte strings as they are, text as UTF-8, {@code {"b64": ...}} decoded; null stays null. */
    /** Whether a tree holds a {@link dev.sluice.flow.Body} (a body on disk, which writers stream). */
    static boolean holdsBody(Object v) {
        if (v instanceof dev.sluice.flow.Body) return true;
        if (v instanceof Map<?, ?> m) return m.values().stream().anyMatch(Tree::holdsBody);
        if (v instanceof List<?> l) return l.stream().anyMatch(Tree::holdsBody);
        return false;
    }

    static byte[] bytes(Object o) {
        if (o == null) return null;
        if (o instanceof byte[] b) return b;
        if (o instanceof dev.sluice.flow.Body b) return b.bytes();
        if (o instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (o instanceof Map<?, ?> m && m.get("b64") instanceof String b64) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new BadValue("invalid base64: " + e.getMessage());
            }
        }
        throw new BadValue("expected bytes, found " + describe(o));
    }

    /** Bytes as a one-char-per-byte string, as the flow model keeps wire text (headers, path, reason). */
    static String latin1(Object o) {
        byte[] b = bytes(o);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] ofLatin1(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A number as double; null when missing. */
    static Double number(Object o) {
        if (o == null) return null;
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BadValue("expected a number, found " + s);
            }
        }
        throw new BadValue("expected a number, found " + describe(o));
    }

    /** A timestamp in seconds, 0 when missing or null (the model's "unset"). */
    static double time(Map<String, Object> m, String key) {
        Double d = number(m.get(key));
        return d == null ? 0 : d;
    }

    /** The model's "unset" timestamp (0) as null, for writing. */
    static Double timeOrNull(double t) {
        return t == 0 ? null : t;
    }

    static long integer(Map<String, Object> m, String key, long dflt) {
        Object o = m.get(key);
        if (o == null) return dflt;
        if (o instanceof Long || o instanceof Integer) return ((Number) o).longValue();
        if (o instanceof Double d && d == Math.rint(d)) return d.longValue();
        if (o instanceof BigInteger b) throw new BadValue(key + " out of range: " + b);
        throw new BadValue("expected an integer for " + key + ", found " + describe(o));
    }

    static boolean bool(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) return false;
        if (o instanceof Boolean b) return b;
        if (o instanceof Number n) return n.longValue() != 0;
        throw new BadValue("expected a boolean for " + key + ", found " + describe(o));
    }

    /** {@code [host, port]} as a pair, or null. */
    static List<Object> address(String host, int port) {
        if (host == null) return null;
        List<Object> a = new ArrayList<>(2);
        a.add(host);
        a.add((long) port);
        return a;
    }

    static String describe(Object o) {
        if (o instanceof Map) return "an object";
        if (o instanceof List) return "a list";
        if (o instanceof byte[]) return "bytes";
        return o.getClass().getSimpleName();
    }
}
