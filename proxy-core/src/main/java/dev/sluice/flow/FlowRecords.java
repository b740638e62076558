package dev.sluice.flow;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What one owner keeps about each of its flows (the flow store's bookkeeping, the console list's
 * rows), in the order the records were added. A flow carries a slot per kind of owner, so finding
 * a flow's record reads a field of the flow instead of probing an identity map of up to 100,000
 * flows: no cache miss per event, and no pointer from a large long-lived table to each new flow,
 * which G1 has to refine (two such maps cost the console about 3 µs per proxied request in
 * concurrent refinement alone). A second owner of the same kind holding the same flow (several
 * stores in one JVM, as in tests) falls back to a map. Not thread-safe: the owner serialises
 * access (its lock, or its one thread).
 */
public final class FlowRecords<R extends FlowRecords.Record> implements Iterable<R> {

    /** The kinds of owner a flow has a slot for. */
    public enum Slot { STORE, VIEW }

    /** What an owner keeps about one flow. A record is added once; after its removal it is done. */
    public abstract static class Record {
        final Flow flow;
        FlowRecords<?> owner;
        boolean removed;

        protected Record(Flow flow) {
            this.flow = flow;
        }

        public final Flow flow() {
            return flow;
        }
    }

    /** Beyond this many removed records still queued (and more than half), one pass drops them. */
    private static final int COMPACT_AFTER = 64;

    private final Slot slot;
    private final ArrayDeque<R> arrival = new ArrayDeque<>();
    /** Records of flows whose slot another live owner of this kind holds. */
    private final Map<Flow, R> elsewhere = new IdentityHashMap<>();
    private int size;
    private int removedQueued;

    public FlowRecords(Slot slot) {
        this.slot = slot;
    }

    /** The flow's record here, or null. */
    @SuppressWarnings("unchecked")
    public R get(Flow flow) {
        Object r = flow.record(slot);
        if (r instanceof Record rec && rec.owner == this) return (R) r;
        return elsewhere.isEmpty() ? null : elsewhere.get(flow);
    }

    /** Adds a new record for its flow, which has none here yet. */
    public void add(R record) {
        Flow flow = record.flow;
        if (record.owner != null || record.removed) throw new IllegalStateException("a record is added once");
        if (get(flow) != null) throw new IllegalStateException("flow " + flow.id() + " already has a record");
        record.owner = this;
        Object held = flow.record(slot);
        if (held instanceof Record other && other.owner != null) elsewhere.put(flow, record);
        else flow.record(slot, record);
        arrival.addLast(record);
        size++;
    }

    /** Removes and returns the flow's record, or null when it has none here. */
    public R remove(Flow flow) {
        R r = get(flow);
        if (r == null) return null;
        if (flow.record(slot) == r) flow.record(slot, null);
        else elsewhere.remove(flow);
        r.owner = null;
        r.removed = true;
        size--;
        removedQueued++;
        // the common removal is of the oldest (a bounded list dropping its head): O(1)
        while (!arrival.isEmpty() && arrival.peekFirst().removed) {
            arrival.pollFirst();
            removedQueued--;
        }
        if (removedQueued > COMPACT_AFTER && removedQueued > size) {
            arrival.removeIf(x -> x.removed);
            removedQueued = 0;
        }
        return r;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The records in the order they were added. */
    @Override
    public Iterator<R> iterator() {
        Iterator<R> all = arrival.iterator();
        return new Iterator<>() {
            private R next = advance();

            private R advance() {
                while (all.hasNext()) {
                    R r = all.next();
                    if (!r.removed) return r;
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public R next() {
                if (next == null) throw new NoSuchElementException();
                R r = next;
                next = advance();
                return r;
            }
        };
    }
}
