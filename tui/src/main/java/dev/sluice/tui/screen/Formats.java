package dev.sluice.tui.screen;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Time and duration texts of the flow list (console.md §4.1; sizes are {@code option.Sizes}). */
public final class Formats {
    private Formats() {
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Local time {@code HH:MM:SS} of a timestamp in epoch seconds. */
    public static String clock(double epochSeconds) {
        return CLOCK.format(Instant.ofEpochMilli((long) (epochSeconds * 1000)));
    }

    /** {@code 123ms}, {@code 1.23s}, {@code 12.3s}, {@code 123s}. */
    public static String duration(double seconds) {
        if (seconds < 1) return Math.round(seconds * 1000) + "ms";
        if (seconds < 10) return String.format(Locale.ROOT, "%.2fs", seconds);
        if (seconds < 100) return String.format(Locale.ROOT, "%.1fs", seconds);
        return Math.round(seconds) + "s";
    }
}
