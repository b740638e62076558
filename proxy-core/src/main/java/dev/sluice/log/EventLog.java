package dev.sluice.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The event log: every part of Sluice reports here, and listeners (the dumper's stderr printer,
 * the console's event list) receive entries. Listeners must not block: they are called on the
 * thread that logs, often a Netty event loop.
 */
public final class EventLog {

    private final List<Consumer<LogEntry>> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Consumer<LogEntry> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<LogEntry> listener) {
        listeners.remove(listener);
    }

    public void log(Level level, String message) {
        log(level, message, null);
    }

    public void log(Level level, String message, String client) {
        LogEntry e = new LogEntry(level, message, client, System.currentTimeMillis());
        for (Consumer<LogEntry> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a broken listener must not break the proxy
            }
        }
    }

    public void error(String m) {
        log(Level.ERROR, m);
    }

    public void warn(String m) {
        log(Level.WARN, m);
    }

    public void info(String m) {
        log(Level.INFO, m);
    }

    public void alert(String m) {
        log(Level.ALERT, m);
    }

    public void debug(String m) {
        log(Level.DEBUG, m);
    }
}
