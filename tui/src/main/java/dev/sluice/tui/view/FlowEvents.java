package dev.sluice.tui.view;

import dev.sluice.flow.Flow;
import dev.sluice.view.FlowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The bridge from the proxy's threads to the console thread: FlowStore events are only queued
 * here (a lock-free add, so a busy proxy never waits for the screen), and the console thread takes
 * them in batches when it is ready to redraw.
 */
public final class FlowEvents implements FlowStore.Listener {

    public enum Kind { ADDED, UPDATED, REMOVED }

    public record Change(Kind kind, Flow flow) {
    }

    private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
    /** Whether the view needs each update (a filter or an order can move a row); set by the console thread. */
    private volatile boolean updatesNeeded = true;
    /** An update that was not queued happened: the next frame should still be drawn. */
    private volatile boolean touched;

    @Override
    public void added(Flow flow) {
        queue.add(new Change(Kind.ADDED, flow));
    }

    /**
     * Most events of a busy proxy are updates; while no filter or order needs them (the view
     * draws each flow as it is at the next frame) they only mark the view as touched, which
     * costs the proxy's threads no allocation.
     */
    @Override
    public void updated(Flow flow) {
        if (updatesNeeded) queue.add(new Change(Kind.UPDATED, flow));
        else if (!touched) touched = true;
    }

    public void setUpdatesNeeded(boolean needed) {
        updatesNeeded = needed;
    }

    @Override
    public void removed(Flow flow) {
        queue.add(new Change(Kind.REMOVED, flow));
    }

    public boolean isEmpty() {
        return queue.isEmpty() && !touched;
    }

    /** Everything queued so far, oldest first (possibly nothing when only untracked updates happened). */
    public List<Change> drain() {
        touched = false;
        List<Change> out = new ArrayList<>();
        Change c;
        while ((c = queue.poll()) != null) out.add(c);
        return out;
    }
}
