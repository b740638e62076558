package dev.sluice.io;

import dev.sluice.flow.Body;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed netstrings, the value encoding of mitmproxy's flow files: {@code <length>:<payload><tag>}.
 * Reading is bounded (security.md §8): at most 12 length digits, nesting at most 64 levels, and a
 * value's announced size is never allocated up front — a record's bytes are read in chunks as
 * they arrive, so a huge prefix on a short file fails at the end of input.
 */
final class Tnetstring {

    static final int MAX_DEPTH = 64;
    private static final int MAX_DIGITS = 12;
    /** The largest record held in memory (Java arrays end below 2 GiB). */
    static final long MAX_RECORD = Integer.MAX_VALUE - 64;

    private Tnetstring() {
    }

    /** A damaged value; the message is the reason. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason);
        }
    }

    /** What {@link #readRecord} returns at a clean end of input (between two values). */
    static final Object END = new Object();

    // ---- reading ----

    /** Reads one top-level value from the stream; {@link #END} when the input ends cleanly before it. */
    static Object readRecord(InputStream in) throws IOException, Malformed {
        int c = in.read();
        if (c < 0) return END;
        long length = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            if (++digits > MAX_DIGITS) throw new Malformed("not a tnetstring: absurdly large length prefix");
            length = length * 10 + (c - '0');
            c = in.read();
        }
        if (c != ':' || digits == 0) throw new Malformed("not a tnetstring: missing or invalid length prefix");
        if (length > MAX_RECORD) throw new Malformed("record too large to load (" + length + " bytes)");
        byte[] payload = readExactly(in, (int) length);
        int tag = in.read();
        if (tag < 0) throw new Malformed("truncated: the file ends inside a value");
        return parse(tag, payload, 0, payload.length, 0);
    }

    /** Reads n bytes in chunks, so a false length costs no more memory than the input has. */
    private static byte[] readExactly(InputStream in, int n) throws IOException, Malformed {
        if (n <= 1 << 20) {
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new Malformed("truncated: the file ends inside a value");
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] chunk = new byte[1 << 16];
        int left = n;
        while (left > 0) {
            int r = in.read(chunk, 0, Math.min(chunk.length, left));
            if (r < 0) throw new Malformed("truncated: the file ends inside a value");
            out.write(chunk, 0, r);
            left -= r;
        }
        return out.toByteArray();
    }

    /** Parses a value whose encoding fills {@code data[from, to)} exactly. */
    static Object parseAll(byte[] data) throws Malformed {
        int[] next = new int[1];
        Object v = pop(data, 0, data.length, 0, next);
        if (next[0] != data.length) throw new Malformed("trailing data after the value");
        return v;
    }

    private static Object pop(byte[] data, int from, int to, int depth, int[] next) throws Malformed {
        int i = from;
        long length = 0;
        int digits = 0;
        while (i < to && data[i] >= '0' && data[i] <= '9') {
            if (++digits > MAX_DIGITS) throw new Malformed("not a tnetstring: absurdly large length prefix");
            length = length * 10 + (data[i] - '0');
            i++;
        }
        if (i >= to || data[i] != ':' || digits == 0) throw new Malformed("not a tnetstring: missing or invalid length prefix");
        i++;
        if (length > to - i - 1) throw new Malformed("not a tnetstring: invalid length prefix (beyond its container)");
        int end = i + (int) length;
        next[0] = end + 1;
        return parse(data[end] & 0xff, data, i, end, depth);
    }

    private static Object parse(int tag, byte[] data, int from, int to, int depth) throws Malformed {
        switch (tag) {
            case ',':
                return Arrays.copyOfRange(data, from, to);
            case ';':
                return new String(data, from, to - from, StandardCharsets.UTF_8);
            case '#': {
                String s = ascii(data, from, to);
                if (!s.matches("[-+]?\\d+")) throw new Malformed("not a tnetstring: invalid integer literal: " + s);
                BigInteger b = new BigInteger(s);
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            case '^': {
                String s = ascii(data, from, to);
                try {
                    if (s.isEmpty() || s.chars().anyMatch(Character::isLetter) && !s.matches("[-+]?[0-9.]*[eE][-+]?\\d+")) {
                        throw new NumberFormatException(s);
                    }
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new Malformed("not a tnetstring: invalid float literal: " + s);
                }
            }
            case '!': {
                String s = ascii(data, from, to);
                if (s.equals("true")) return Boolean.TRUE;
                if (s.equals("false")) return Boolean.FALSE;
                throw new Malformed("not a tnetstring: invalid boolean literal: " + s);
            }
            case '~':
                if (to != from) throw new Malformed("not a tnetstring: invalid null literal");
                return null;
            case ']': {
                if (depth >= MAX_DEPTH) throw new Malformed("nesting deeper than " + MAX_DEPTH + " levels");
                List<Object> l = new ArrayList<>();
                int[] next = new int[1];
                int i = from;
                while (i < to) {
                    l.add(pop(data, i, to, depth + 1, next));
                    i = next[0];
                }
                return l;
            }
            case '}': {
                if (depth >= MAX_DEPTH) throw new Malformed("nesting deeper than " + MAX_DEPTH + " levels");
                Map<String, Object> m = new LinkedHashMap<>();
                int[] next = new int[1];
                int i = from;
                while (i < to) {
                    Object key = pop(data, i, to, depth + 1, next);
                    i = next[0];
                    if (i >= to) throw new Malformed("not a tnetstring: dict key without value");
                    Object value = pop(data, i, to, depth + 1, next);
                    i = next[0];
                    if (key instanceof String s) m.put(s, value);
                    else if (key instanceof byte[] b) m.put(new String(b, StandardCharsets.UTF_8), value);
                    else throw new Malformed("not a tnetstring: dict key is not a string");
                }
                return m;
            }
            default:
                throw new Malformed("unknown type tag: " + tag);
        }
    }

    private static String ascii(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }

    // ---- writing ----

    /** The value's encoding: byte[] as {@code ,}, String as {@code ;}, Long/Integer/BigInteger {@code #}, Double {@code ^}, ... */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    /**
     * Writes the value's encoding onto a stream, a {@link Body} value (a body on disk) as bytes
     * read from its file as they are written; the lengths of the containers around it are
     * counted first, so nothing is held whole.
     */
    static void write(Object value, OutputStream out) throws IOException {
        if (!(value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Body)) {
            out.write(encode(value));
            return;
        }
        long length = payloadLength(value);
        out.write(ascii(Long.toString(length) + ":"));
        if (value instanceof Body body) {
            try (InputStream in = body.openStream()) {
                in.transferTo(out);
            }
            out.write(',');
        } else if (value instanceof List<?> l) {
            for (Object o : l) write(o, out);
            out.write(']');
        } else {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                write(String.valueOf(e.getKey()), out);
                write(e.getValue(), out);
            }
            out.write('}');
        }
    }

    /** The payload length of a container or a body on disk (leaves are encoded whole). */
    private static long payloadLength(Object v) {
        if (v instanceof Body body) return body.size();
        long sum = 0;
        if (v instanceof List<?> l) {
            for (Object o : l) sum += encodedLength(o);
        } else {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) sum += encodedLength(String.valueOf(e.getKey())) + encodedLength(e.getValue());
        }
        return sum;
    }

    private static long encodedLength(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof Body) {
            long payload = payloadLength(v);
            return Long.toString(payload).length() + 2 + payload;
        }
        return encode(v).length;
    }

    private static void write(Object v, ByteArrayOutputStream out) {
        if (v == null) {
            leaf(out, new byte[0], '~');
        } else if (v instanceof Boolean b) {
            leaf(out, ascii(b ? "true" : "false"), '!');
        } else if (v instanceof Double || v instanceof Float) {
            leaf(out, ascii(Json.plainDecimal(((Number) v).doubleValue())), '^');
        } else if (v instanceof Number n) {
            leaf(out, ascii(n.toString()), '#');
        } else if (v instanceof byte[] b) {
            leaf(out, b, ',');
        } else if (v instanceof Body b) {
            leaf(out, b.bytes(), ',');
        } else if (v instanceof String s) {
            leaf(out, s.getBytes(StandardCharsets.UTF_8), ';');
        } else if (v instanceof List<?> l) {
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            for (Object o : l) write(o, inner);
            leaf(out, inner.toByteArray(), ']');
        } else if (v instanceof Map<?, ?> m) {
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                write(String.valueOf(e.getKey()), inner);
                write(e.getValue(), inner);
            }
            leaf(out, inner.toByteArray(), '}');
        } else {
            throw new IllegalArgumentException("not serialisable as a tnetstring: " + v.getClass().getName());
        }
    }

    private static void leaf(ByteArrayOutputStream out, byte[] payload, char tag) {
        out.writeBytes(ascii(Integer.toString(payload.length)));
        out.write(':');
        out.writeBytes(payload);
        out.write(tag);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
