package dev.sluice.io;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.sluice.flow.Body;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State trees as JSON through gson's streaming reader and writer: bytes values become a string
 * when they are valid UTF-8 and {@code {"b64": ...}} otherwise; floats are written in plain
 * decimal notation (never exponents); integers stay integers.
 */
final class Json {
    private Json() {
    }

    /** The tree as one line of compact JSON (no newline). */
    static String write(Object tree) {
        StringWriter out = new StringWriter();
        try {
            write(tree, out);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The tree as one line of compact JSON onto {@code out}, bodies on disk streamed from their files; {@code out} stays open. */
    static void write(Object tree, Writer out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.setSerializeNulls(true);
        w.setHtmlSafe(false);
        value(w, out, tree);
        w.flush();
    }

    private static void value(JsonWriter w, Writer out, Object v) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof byte[] b) {
            if (FlowState.isUtf8(b)) {
                w.value(new String(b, StandardCharsets.UTF_8));
            } else {
                w.beginObject().name("b64").value(Base64.getEncoder().encodeToString(b)).endObject();
            }
        } else if (v instanceof Boolean b) {
            w.value(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) w.nullValue();
            else w.jsonValue(plainDecimal(d));
        } else if (v instanceof Number n) {
            w.jsonValue(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                value(w, out, e.getValue());
            }
            w.endObject();
        } else if (v instanceof List<?> l) {
            w.beginArray();
            for (Object o : l) value(w, out, o);
            w.endArray();
        } else if (v instanceof Body body) {
            w.jsonValue(""); // the separators; the value itself follows, streamed
            w.flush();
            body(body, out);
        } else if (v instanceof Streamed streamed) {
            w.jsonValue("");
            w.flush();
            string(streamed, out);
        } else {
            w.value(v.toString());
        }
    }

    /** Opens the bytes of a value written from a stream; each call starts from the beginning. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * A JSON string whose content is read from a stream as it is written: the bytes as text (they
     * must be valid UTF-8), or their base64. Lets a body on disk be written without being held.
     */
    record Streamed(Opener bytes, boolean base64) {
    }

    /** What one pass over streamed bytes found: how many, and whether they are valid UTF-8. */
    record Scan(long size, boolean utf8) {
        static Scan of(Opener bytes) throws IOException {
            long size = 0;
            boolean utf8 = true;
            var decoder = utf8Decoder();
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(8192);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            try (InputStream in = bytes.open()) {
                for (int n; (n = in.read(buf.array(), buf.position(), buf.remaining())) >= 0; ) {
                    size += n;
                    if (!utf8) {
                        buf.clear(); // only counting now
                        continue;
                    }
                    buf.position(buf.position() + n).flip();
                    if (decoder.decode(buf, chars.clear(), false).isError()) utf8 = false;
                    buf.compact();
                }
            }
            buf.flip();
            if (utf8 && (decoder.decode(buf, chars.clear(), true).isError() || buf.hasRemaining())) utf8 = false;
            return new Scan(size, utf8);
        }
    }

    /** A body on disk as {@code byte[]} values are written (text when UTF-8, else b64), read from its file twice. */
    private static void body(Body body, Writer out) throws IOException {
        if (Scan.of(body::openStream).utf8()) {
            string(new Streamed(body::openStream, false), out);
        } else {
            out.write("{\"b64\":");
            string(new Streamed(body::openStream, true), out);
            out.write("}");
        }
    }

    private static void string(Streamed value, Writer out) throws IOException {
        out.write('"');
        if (value.base64()) {
            OutputStream ascii = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }
            };
            try (InputStream in = value.bytes().open(); OutputStream b64 = Base64.getEncoder().wrap(new java.io.BufferedOutputStream(ascii, 8192))) {
                in.transferTo(b64);
            }
        } else {
            try (Reader text = new java.io.BufferedReader(java.nio.channels.Channels.newReader(
                    java.nio.channels.Channels.newChannel(value.bytes().open()), utf8Decoder(), -1))) {
                char[] buf = new char[8192];
                for (int n; (n = text.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) escaped(out, buf[i]);
                }
            }
        }
        out.write('"');
    }

    private static java.nio.charset.CharsetDecoder utf8Decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    }

    /** One character of a JSON string as gson writes it (not HTML-safe). */
    private static void escaped(Writer out, char c) throws IOException {
        switch (c) {
            case '"' -> out.write("\\\"");
            case '\\' -> out.write("\\\\");
            case '\n' -> out.write("\\n");
            case '\r' -> out.write("\\r");
            case '\t' -> out.write("\\t");
            case '\b' -> out.write("\\b");
            case '\f' -> out.write("\\f");
            case '\u2028', '\u2029' -> out.write(String.format("\\u%04x", (int) c));
            default -> {
                if (c < 0x20) out.write(String.format("\\u%04x", (int) c));
                else out.write(c);
            }
        }
    }

    /** Shortest decimal digits that read back to the same double, without exponent; integral values keep {@code .0}. */
    static String plainDecimal(double d) {
        String s = new BigDecimal(Double.toString(d)).toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    /** Parses one JSON value into a tree; strings stay strings (bytes fields accept them). */
    static Object read(String json) throws IOException {
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(com.google.gson.Strictness.STRICT);
            Object v = value(r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) throw new IOException("trailing data after the JSON value");
            return v;
        } catch (IllegalStateException | NumberFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads the next value from a reader positioned on it. */
    static Object value(JsonReader r, int depth) throws IOException {
        if (depth > 256) throw new IOException("nesting too deep");
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    m.put(name, value(r, depth + 1));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) l.add(value(r, depth + 1));
                r.endArray();
                return l;
            }
            case STRING -> {
                return r.nextString();
            }
            case NUMBER -> {
                String n = r.nextString();
                if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
                    BigInteger big = new BigInteger(n);
                    return big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
                return Double.parseDouble(n);
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case NULL -> {
                r.nextNull();
                return null;
            }
            default -> throw new IOException("unexpected " + r.peek());
        }
    }

    /** Any metadata value as a JSON-compatible tree (unknown objects become their text). */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof byte[]) return v;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Number n) return n instanceof BigInteger ? n : (Object) n.doubleValue();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            synchronized (m) {
                for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object o : it) out.add(plain(o));
            return out;
        }
        return v.toString();
    }
}
