package dev.sluice.io;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
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
        try (JsonWriter w = new JsonWriter(out)) {
            w.setSerializeNulls(true);
            w.setHtmlSafe(false);
            value(w, tree);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void value(JsonWriter w, Object v) throws IOException {
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
                value(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof List<?> l) {
            w.beginArray();
            for (Object o : l) value(w, o);
            w.endArray();
        } else {
            w.value(v.toString());
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
