package dev.sluice.tui;

import dev.sluice.log.Level;

/**
 * The message line's flash: {@code Error: <first line>} and the like, shown for five seconds
 * (console.md §13), with {@code (more in eventlog)} when the message had more lines.
 */
public final class Messages {

    static final long SHOW_NANOS = 5_000_000_000L;

    public record Flash(Level level, String text, long until) {
    }

    private Flash current;

    public void flash(Level level, String message, long now) {
        String first = message.lines().findFirst().orElse("");
        String text = prefix(level) + first + (message.lines().count() > 1 ? " (more in eventlog)" : "");
        current = new Flash(level, text, now + SHOW_NANOS);
    }

    /** The flash shown at a time, or null. */
    public Flash current(long now) {
        if (current != null && now > current.until()) current = null;
        return current;
    }

    public void clear() {
        current = null;
    }

    private static String prefix(Level level) {
        return switch (level) {
            case ERROR -> "Error: ";
            case WARN -> "Warn: ";
            case ALERT -> "Alert: ";
            default -> "";
        };
    }
}
