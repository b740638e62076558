package dev.sluice.filter;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders metadata values the way Python prints them, so that {@code ~meta} expressions written
 * for mitmproxy keep matching: {@code str()} at the top level (strings bare), {@code repr()}
 * inside containers ({@code {'key': 'value'}}, {@code True}, {@code None}, {@code 1.0}).
 */
final class PythonRepr {

    private PythonRepr() {
    }

    /** Python's {@code str(value)}. */
    static String str(Object value) {
        return value instanceof CharSequence s ? s.toString() : repr(value);
    }

    /** Python's {@code repr(value)} for the JSON-like values metadata holds. */
    static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, value);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof CharSequence s) {
            appendString(out, s.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                appendRepr(out, e.getKey());
                out.append(": ");
                appendRepr(out, e.getValue());
                if (it.hasNext()) out.append(", ");
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                appendRepr(out, it.next());
                if (it.hasNext()) out.append(", ");
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** Single quotes unless the text has a single quote and no double quote, as Python chooses. */
    private static void appendString(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) out.append('\\').append(c);
                    else if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append(quote);
    }

    /** Python's float repr: {@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16}, {@code inf}, {@code nan}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
}
