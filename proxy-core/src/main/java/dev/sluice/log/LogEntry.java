package dev.sluice.log;

/** One event log message; {@code client} is the client address it concerns, or null. */
public record LogEntry(Level level, String message, String client, long timestampMillis) {
}
