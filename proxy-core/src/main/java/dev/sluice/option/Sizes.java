package dev.sluice.option;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The size syntax: {@code 10m}, {@code 1.5k}, {@code 10 MiB}, {@code 7}; all units powers of 1024. */
public final class Sizes {
    private Sizes() {
    }

    private static final Pattern SIZE = Pattern.compile(
            "\\s*([+-]?\\d(?:_?\\d)*)(\\.\\d+)?\\s*(?:([bBkKmMgGtT])(?:[iI]?[bB])?)?\\s*");

    /** Parses a size; throws IllegalArgumentException with {@code not a valid size: <v>}. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("not a valid size: " + text);
        String fraction = m.group(2);
        String unit = m.group(3);
        if (fraction != null && unit == null) throw new IllegalArgumentException("not a valid size: " + text);
        BigDecimal number = new BigDecimal(m.group(1).replace("_", "") + (fraction == null ? "" : fraction));
        int shift = unit == null ? 0 : switch (Character.toLowerCase(unit.charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(2).pow(shift));
        try {
            return bytes.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a valid size: " + text);
        }
    }

    /** Human size as in the flow list: {@code 512b}, {@code 1.5k}, {@code 100k}, {@code 1023m}. */
    public static String format(long bytes) {
        if (bytes < 1024) return bytes + "b";
        String[] units = {"k", "m", "g", "t"};
        double v = bytes;
        for (String unit : units) {
            v /= 1024;
            if (v < 1024 || unit.equals("t")) {
                if (v < 99.95) return String.format(java.util.Locale.ROOT, "%.1f%s", v, unit);
                return (long) v + unit;
            }
        }
        throw new AssertionError();
    }
}
