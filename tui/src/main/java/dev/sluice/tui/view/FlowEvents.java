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

    @Override
    public void added(Flow flow) {
        queue.add(new Change(Kind.ADDED, flow));
    }

    @Override
    public void updated(Flow flow) {
        queue.add(new Change(Kind.UPDATED, flow));
    }

    @Override
    public void removed(Flow flow) {
        queue.add(new Change(Kind.REMOVED, flow));
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Everything queued so far, oldest first. */
    public List<Change> drain() {
        List<Change> out = new ArrayList<>();
        Change c;
        while ((c = queue.poll()) != null) out.add(c);
        return out;
    }
}
