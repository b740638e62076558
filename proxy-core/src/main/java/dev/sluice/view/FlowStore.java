package dev.sluice.view;

import dev.sluice.flow.Body;
import dev.sluice.flow.BodyPacker;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowRecords;
import dev.sluice.flow.Message;
import dev.sluice.log.EventLog;
import dev.sluice.option.Sizes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Publishes flow events (added, updated, removed) to listeners and, when keeping, holds the flows
 * in arrival order within two bounds (console.md §4.2): a count and a number of bytes. Beyond
 * either, the oldest flows that are finished, not intercepted, not marked and not pinned (a flow
 * file writer pins what it has yet to write) are dropped, their bodies released, and listeners
 * told. Listeners run on the caller's thread (often an event loop) and must hand work elsewhere
 * rather than block. {@code sluicedump} keeps nothing.
 */
public final class FlowStore {

    public interface Listener {
        default void added(Flow flow) {
        }

        default void updated(Flow flow) {
        }

        default void removed(Flow flow) {
        }
    }

    /** Bytes counted per header field for its name, value and slot on the heap. */
    static final long HEADER_BYTES = 96;
    static final long DEFAULT_COUNT_LIMIT = 100_000;
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final boolean keep;
    private final EventLog log;
    private final Executor releases;
    private final LongSupplier nanoClock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    // all below guarded by flows; each flow carries its record (FlowRecords says why)
    private final FlowRecords<StoredFlow> flows = new FlowRecords<>(FlowRecords.Slot.STORE);
    private final DropOrder dropOrder = new DropOrder();
    /** Only when keeping: asking the JVM for its G1 region size costs about 20 ms at start-up. */
    private final BodyPacker packer;
    private final Map<Flow, StoredFlow> pinned = new IdentityHashMap<>();
    private long nextSeq;
    private long bytes;
    private long countLimit = DEFAULT_COUNT_LIMIT;
    private long byteLimit = defaultByteLimit();
    private long droppedUnlogged;
    private long lastLogNanos;
    private boolean loggedOnce;

    /** @param releases where bodies kept off the heap (temp files) are released: never an event loop */
    public FlowStore(boolean keep, EventLog log, Executor releases) {
        this(keep, log, releases, System::nanoTime);
    }

    FlowStore(boolean keep, EventLog log, Executor releases, LongSupplier nanoClock) {
        this.keep = keep;
        this.packer = keep ? new BodyPacker() : null;
        this.log = log;
        this.releases = releases;
        this.nanoClock = nanoClock;
    }

    /** A quarter of the JVM's maximum heap: {@code flow_store_max_bytes} when unset. */
    public static long defaultByteLimit() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Sets both bounds (count 0 = no count limit) and enforces them at once. */
    public void setLimits(long count, long maxBytes) {
        Dropped dropped = Dropped.NONE;
        synchronized (flows) {
            countLimit = count;
            byteLimit = maxBytes;
            if (keep) dropped = enforce();
        }
        publishDropped(dropped);
    }

    public void add(Flow flow) {
        publish(keep ? keepNew(flow) : Dropped.NONE, flow, ADDED);
    }

    /** Publishes a change of the flow; its bytes are counted again, which may drop older flows. */
    public void update(Flow flow) {
        publish(keep ? recount(flow) : Dropped.NONE, flow, UPDATED);
    }

    private Dropped keepNew(Flow flow) {
        long heap = heapBytes(flow);
        synchronized (flows) {
            if (flows.get(flow) != null) return Dropped.NONE;
            StoredFlow s = new StoredFlow(flow, nextSeq++, heap);
            flows.add(s);
            bytes += s.bytes;
            // room is made before the new flow joins the drop order, so it never goes in its own add
            Dropped dropped = enforce();
            dropOrder.add(s);
            return dropped;
        }
    }

    private Dropped recount(Flow flow) {
        long heap = heapBytes(flow);
        synchronized (flows) {
            StoredFlow s = stored(flow);
            if (s == null) return Dropped.NONE;
            bytes += heap - s.bytes;
            s.bytes = heap;
            mayGoAgain(s);
            return enforce();
        }
    }

    // constants, so publishing allocates nothing on the proxy's threads
    private static final BiConsumer<Listener, Flow> ADDED = Listener::added;
    private static final BiConsumer<Listener, Flow> UPDATED = Listener::updated;

    /** The event first, then the flows it made room by dropping. */
    private void publish(Dropped dropped, Flow flow, BiConsumer<Listener, Flow> event) {
        for (Listener l : listeners) event.accept(l, flow);
        publishDropped(dropped);
    }

    /**
     * Keeps a stored flow from being dropped until {@link #unpin}: the flow file writer pins the
     * flows it has yet to write, so a file written with {@code -w} is complete whatever the bound.
     */
    public void pin(Flow flow) {
        if (!keep) return;
        synchronized (flows) {
            StoredFlow s = stored(flow);
            if (s == null) return;
            s.pins++;
            pinned.put(flow, s);
        }
    }

    public void unpin(Flow flow) {
        if (!keep) return;
        Dropped dropped = Dropped.NONE;
        boolean release = false;
        synchronized (flows) {
            StoredFlow s = pinned.get(flow);
            if (s == null || --s.pins > 0) return;
            pinned.remove(flow);
            if (s.place == StoredFlow.Place.GONE) release = s.releaseOnUnpin;
            else {
                mayGoAgain(s);
                dropped = enforce();
            }
        }
        if (release) releaseBodies(flow);
        publishDropped(dropped);
    }

    public boolean remove(Flow flow) {
        boolean had;
        boolean release = false;
        synchronized (flows) {
            StoredFlow s = flows.remove(flow);
            had = s != null;
            if (had) {
                leave(s);
                // a live flow may still be using its bodies; a pinned one is still to be written
                boolean finished = isFinished(flow);
                if (s.pins > 0) s.releaseOnUnpin = finished;
                else release = finished;
            }
        }
        if (had || !keep) for (Listener l : listeners) l.removed(flow);
        if (release) releaseBodies(flow);
        return had;
    }

    /**
     * The proxy is done with a flow. When flows are not kept (sluicedump) it leaves at once: its
     * bodies let go of their files now rather than when the flow is collected (listeners that
     * keep a flow took a copy, which shares the file). When kept, its small bodies are packed
     * ({@link BodyPacker} says why).
     */
    public void settled(Flow flow) {
        if (!keep) flow.releaseBodies();
        else flow.packBodies(packer);
    }

    /** The kept flow with this id, or null (a scan: nothing on a hot path looks flows up by id). */
    public Flow get(String id) {
        synchronized (flows) {
            for (StoredFlow s : flows) if (s.flow().id().equals(id)) return s.flow();
            return null;
        }
    }

    /** The kept flows in arrival order. */
    public List<Flow> snapshot() {
        synchronized (flows) {
            List<Flow> out = new ArrayList<>(flows.size());
            for (StoredFlow s : flows) out.add(s.flow());
            return out;
        }
    }

    public int size() {
        synchronized (flows) {
            return flows.size();
        }
    }

    /** The bytes the kept flows are counted for (bodies on the heap plus an estimate per header). */
    public long bytes() {
        synchronized (flows) {
            return bytes;
        }
    }

    // ---- the bound ----

    /** The flows one enforcement dropped, and the log line to write for them (or null). */
    private record Dropped(List<Flow> flows, String message) {
        static final Dropped NONE = new Dropped(List.of(), null);
    }

    private StoredFlow stored(Flow flow) {
        return flows.get(flow);
    }

    private void leave(StoredFlow s) {
        bytes -= s.bytes;
        dropOrder.forget(s);
    }

    /** A flow set aside because it had to stay is put back in the drop order once it may go. */
    private void mayGoAgain(StoredFlow s) {
        if (s.place == StoredFlow.Place.HELD && mayDrop(s)) dropOrder.putBack(s);
    }

    private boolean overCount() {
        return countLimit > 0 && flows.size() > countLimit;
    }

    private boolean overBytes() {
        return bytes > byteLimit;
    }

    /** Caller holds the lock. Drops the oldest flows that may go until both bounds hold again. */
    private Dropped enforce() {
        boolean count = overCount();
        if (!count && !overBytes()) return Dropped.NONE;
        String limit = count ? Long.toString(countLimit) : Sizes.format(byteLimit);
        List<Flow> dropped = new ArrayList<>();
        StoredFlow s;
        while ((overCount() || overBytes()) && (s = dropOrder.pollOldest()) != null) {
            if (mayDrop(s)) {
                flows.remove(s.flow());
                bytes -= s.bytes;
                s.place = StoredFlow.Place.GONE;
                dropped.add(s.flow());
            } else {
                s.place = StoredFlow.Place.HELD;
            }
        }
        if (dropped.isEmpty()) return Dropped.NONE;
        return new Dropped(dropped, logLine(dropped.size(), limit));
    }

    /** Counts the dropped flows; returns the log line when a minute has passed since the last one. */
    private String logLine(int n, String limit) {
        droppedUnlogged += n;
        long now = nanoClock.getAsLong();
        if (loggedOnce && now - lastLogNanos < LOG_INTERVAL_NANOS) return null;
        loggedOnce = true;
        lastLogNanos = now;
        String line = "Flow store full: dropped the " + droppedUnlogged + " oldest unmarked flows (limit " + limit + ").";
        droppedUnlogged = 0;
        return line;
    }

    private void publishDropped(Dropped d) {
        if (d.message() != null) log.warn(d.message());
        for (Flow f : d.flows()) {
            releaseBodies(f);
            for (Listener l : listeners) l.removed(f);
        }
    }

    private static boolean mayDrop(StoredFlow s) {
        Flow f = s.flow();
        return s.pins == 0 && isFinished(f) && !f.isIntercepted() && f.marked().isEmpty();
    }

    private static boolean isFinished(Flow f) {
        return !f.isLive() || f.error() != null || f.isResponseComplete();
    }

    /** What the flow is counted for: its bodies' bytes on the heap and an estimate per header field. */
    static long heapBytes(Flow f) {
        return messageBytes(f.request()) + messageBytes(f.response());
    }

    private static long messageBytes(Message m) {
        if (m == null) return 0;
        Body body = m.body();
        long fields = m.headers().size() + (m.trailers() == null ? 0 : m.trailers().size());
        return (body == null ? 0 : body.heapSize()) + fields * HEADER_BYTES;
    }

    /** Frees what the bodies hold (temp files) once the flow has left the store for good. */
    private void releaseBodies(Flow f) {
        release(f.request());
        release(f.response());
        Flow backup = f.backupState();
        if (backup != null) {
            releaseUnlessShared(backup.request(), f.request());
            releaseUnlessShared(backup.response(), f.response());
        }
    }

    /**
     * A body with bytes off the heap (a temp file) is released on the release executor, since
     * dropping often happens on an event loop and deleting a file is disk I/O; a body held
     * entirely on the heap has nothing to free beyond what the collector takes.
     */
    private void release(Message m) {
        Body body = m == null ? null : m.body();
        if (body == null) return;
        if (body.heapSize() < body.size()) releases.execute(body::release);
        else body.release();
    }

    /** The state kept for revert shares its bodies with the flow until one of them is edited. */
    private void releaseUnlessShared(Message kept, Message current) {
        if (kept != null && (current == null || kept.body() != current.body())) release(kept);
    }
}
