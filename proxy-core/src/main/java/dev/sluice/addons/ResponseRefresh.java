package dev.sluice.addons;

import dev.sluice.flow.Headers;
import dev.sluice.flow.HttpDates;
import dev.sluice.flow.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Response refresh (features.md §11): recorded dates keep their offset from the recording time.
 * {@code Date}, {@code Expires} and {@code Last-Modified} are shifted by the time since the
 * response was recorded; every parseable {@code Expires} attribute of every {@code Set-Cookie}
 * line is replaced in place, everything else in the line stays byte for byte.
 */
final class ResponseRefresh {
    private ResponseRefresh() {
    }

    /** A refreshed copy of the recorded response; the recorded one is not changed. */
    static Response refreshed(Response recorded, double nowSeconds) {
        Response r = recorded.copy();
        double delta = nowSeconds - recorded.timestampStart();
        Headers h = r.headers();
        for (String name : List.of("date", "expires", "last-modified")) {
            Instant t = HttpDates.parse(h.get(name));
            if (t != null) h.set(name, HttpDates.format(shift(t, delta)));
        }
        if (h.contains("set-cookie")) {
            Headers shifted = new Headers();
            for (Headers.Field f : h) {
                boolean cookie = Headers.nameEquals(f.name(), "set-cookie");
                shifted.add(f.name(), cookie ? shiftCookieExpiry(f.value(), delta) : f.value());
            }
            r.setHeaders(shifted);
        }
        return r;
    }

    static Instant shift(Instant t, double deltaSeconds) {
        return t.plusMillis(Math.round(deltaSeconds * 1000));
    }

    /** Replaces the date of each {@code expires=} attribute that parses; the rest of the line is untouched. */
    static String shiftCookieExpiry(String line, double delta) {
        String lower = line.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(line.length());
        int copied = 0;
        int at = 0;
        while ((at = lower.indexOf("expires", at)) >= 0) {
            int nameEnd = at + "expires".length();
            boolean startsAttribute = attributeStart(line, at);
            int eq = nameEnd;
            while (eq < line.length() && (line.charAt(eq) == ' ' || line.charAt(eq) == '\t')) eq++;
            if (!startsAttribute || eq >= line.length() || line.charAt(eq) != '=') {
                at = nameEnd;
                continue;
            }
            int valueStart = eq + 1;
            while (valueStart < line.length() && (line.charAt(valueStart) == ' ' || line.charAt(valueStart) == '\t')) valueStart++;
            int semi = line.indexOf(';', valueStart);
            int limit = semi < 0 ? line.length() : semi;
            int dateEnd = dateEnd(line, valueStart, limit);
            if (dateEnd > valueStart) {
                Instant t = HttpDates.parse(line.substring(valueStart, dateEnd));
                out.append(line, copied, valueStart).append(HttpDates.format(shift(t, delta)));
                copied = dateEnd;
            }
            at = Math.max(dateEnd, nameEnd);
        }
        return copied == 0 ? line : out.append(line, copied, line.length()).toString();
    }

    /** Whether the name at {@code at} begins an attribute: at the line start or after {@code ;} or {@code ,} and blanks. */
    private static boolean attributeStart(String line, int at) {
        int i = at - 1;
        while (i >= 0 && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i--;
        return i < 0 || line.charAt(i) == ';' || line.charAt(i) == ',';
    }

    /**
     * The end of the longest date that parses in {@code [from, limit)}: the whole value, else the
     * text before a later comma (a comma may separate the next cookie of the line); -1 when none.
     */
    private static int dateEnd(String line, int from, int limit) {
        List<Integer> ends = new ArrayList<>();
        ends.add(limit);
        for (int i = limit - 1; i > from; i--) if (line.charAt(i) == ',') ends.add(i);
        for (int end : ends) {
            int e = end;
            while (e > from && (line.charAt(e - 1) == ' ' || line.charAt(e - 1) == '\t')) e--;
            if (e > from && HttpDates.parse(line.substring(from, e)) != null) return e;
        }
        return -1;
    }
}
