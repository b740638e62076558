package dev.sluice.tui;

import dev.sluice.log.LogEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The event log's entries on the console thread, bounded (the oldest go first). */
public final class EventStore {

    private final int limit;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();

    public EventStore(int limit) {
        this.limit = limit;
    }

    public void add(LogEntry e) {
        if (entries.size() >= limit) entries.removeFirst();
        entries.addLast(e);
    }

    public void clear() {
        entries.clear();
    }

    public List<LogEntry> entries() {
        return new ArrayList<>(entries);
    }

    public int size() {
        return entries.size();
    }
}
