package dev.sluice.flow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP dates (RFC 9110 §5.6.7): parses IMF-fixdate, RFC 850 and asctime forms and RFC 2822
 * dates with a numeric zone, and formats IMF-fixdate in GMT with English names.
 */
public final class HttpDates {
    private HttpDates() {
    }

    private static final String MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
    private static final String TIME = "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?";
    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}, RFC 2822's {@code +0200}, and RFC 850's {@code 06-Nov-94}. */
    private static final Pattern DAY_FIRST = Pattern.compile(
            "(?:[a-z]+,?\\s*)?(\\d{1,2})[\\s-]+(" + MONTHS + ")[a-z]*[\\s-]+(\\d{2,4})\\s+" + TIME + "\\s*(gmt|utc|ut|z|[+-]\\d{4})?",
            Pattern.CASE_INSENSITIVE);
    /** asctime: {@code Sun Nov  6 08:49:37 1994}. */
    private static final Pattern ASCTIME = Pattern.compile(
            "(?:[a-z]+\\s+)?(" + MONTHS + ")[a-z]*\\s+(\\d{1,2})\\s+" + TIME + "\\s+(\\d{4})", Pattern.CASE_INSENSITIVE);

    /** The instant, or null when the text is not an HTTP date. */
    public static Instant parse(String text) {
        if (text == null) return null;
        String s = text.trim();
        try {
            Matcher m = DAY_FIRST.matcher(s);
            if (m.matches()) {
                Instant t = at(year(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)), m.group(4), m.group(5), m.group(6));
                String zone = m.group(7);
                if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
                    int sign = zone.startsWith("-") ? 1 : -1;
                    int minutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3, 5));
                    t = t.plusSeconds(sign * minutes * 60L);
                }
                return t;
            }
            m = ASCTIME.matcher(s);
            if (m.matches()) {
                return at(Integer.parseInt(m.group(6)), month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4), m.group(5));
            }
        } catch (RuntimeException invalidField) {
            return null; // day 31 of February, hour 25, ...
        }
        return null;
    }

    private static int year(String y) {
        int v = Integer.parseInt(y);
        if (y.length() == 2) return v < 70 ? 2000 + v : 1900 + v;
        return v;
    }

    private static int month(String m) {
        return MONTHS.indexOf(m.substring(0, 3).toLowerCase(Locale.ROOT)) / 4 + 1;
    }

    private static Instant at(int year, int month, int day, String h, String min, String sec) {
        return LocalDateTime.of(year, month, day, Integer.parseInt(h), Integer.parseInt(min), sec == null ? 0 : Integer.parseInt(sec))
                .toInstant(ZoneOffset.UTC);
    }

    /** IMF-fixdate: {@code Thu, 22 Oct 2015 05:28:00 GMT}. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        DayOfWeek d = t.getDayOfWeek();
        Month m = t.getMonth();
        return String.format(Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), t.getDayOfMonth(), m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                t.getYear(), t.getHour(), t.getMinute(), t.getSecond());
    }
}
