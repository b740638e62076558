package dev.sluice.io;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The {@code strftime}-style fields of a {@code -w} path (cli.md §5): {@code %Y %m %d %H %M %S
 * %j %a %b %p %%}, expanded each time a flow is written so files rotate per day or hour. Other
 * {@code %} sequences stay as they are.
 */
public final class StrftimePath {
    private StrftimePath() {
    }

    public static String expand(String template, ZonedDateTime t) {
        if (template.indexOf('%') < 0) return template;
        StringBuilder sb = new StringBuilder(template.length() + 16);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                sb.append(c);
                continue;
            }
            char f = template.charAt(++i);
            switch (f) {
                case 'Y' -> sb.append(String.format(Locale.ROOT, "%04d", t.getYear()));
                case 'm' -> sb.append(String.format(Locale.ROOT, "%02d", t.getMonthValue()));
                case 'd' -> sb.append(String.format(Locale.ROOT, "%02d", t.getDayOfMonth()));
                case 'H' -> sb.append(String.format(Locale.ROOT, "%02d", t.getHour()));
                case 'M' -> sb.append(String.format(Locale.ROOT, "%02d", t.getMinute()));
                case 'S' -> sb.append(String.format(Locale.ROOT, "%02d", t.getSecond()));
                case 'j' -> sb.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case '%' -> sb.append('%');
                default -> sb.append('%').append(f);
            }
        }
        return sb.toString();
    }
}
