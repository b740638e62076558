package dev.sluice.view;

import dev.sluice.flow.Flow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes flow events (added, updated, removed) to listeners and, when keeping, holds the flows
 * in arrival order, bounded by a count: beyond it the oldest finished, unmarked, not intercepted
 * flows are dropped. Listeners run on the caller's thread (often an event loop) and must hand
 * work elsewhere rather than block. {@code sluicedump} keeps nothing.
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

    private final boolean keep;
    private final LinkedHashMap<String, Flow> flows = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile long limit = 100_000;

    public FlowStore(boolean keep) {
        this.keep = keep;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    public void setLimit(long limit) {
        this.limit = limit;
    }

    public void add(Flow flow) {
        List<Flow> dropped = List.of();
        if (keep) {
            synchronized (flows) {
                flows.put(flow.id(), flow);
                if (limit > 0 && flows.size() > limit) dropped = dropOldest();
            }
        }
        for (Listener l : listeners) l.added(flow);
        for (Flow d : dropped) {
            for (Listener l : listeners) l.removed(d);
            d.releaseBodies();
        }
    }

    private List<Flow> dropOldest() {
        List<Flow> dropped = new ArrayList<>();
        Iterator<Flow> it = flows.values().iterator();
        while (flows.size() > limit && it.hasNext()) {
            Flow f = it.next();
            if (f.isLive() && f.error() == null && !f.isResponseComplete()) continue;
            if (f.isIntercepted() || !f.marked().isEmpty()) continue;
            it.remove();
            dropped.add(f);
        }
        return dropped;
    }

    public void update(Flow flow) {
        for (Listener l : listeners) l.updated(flow);
    }

    public boolean remove(Flow flow) {
        boolean had;
        synchronized (flows) {
            had = flows.remove(flow.id()) != null;
        }
        if (had || !keep) for (Listener l : listeners) l.removed(flow);
        if (had) flow.releaseBodies(); // a body file goes when the last flow referring to it has left
        return had;
    }

    /**
     * The proxy is done with a flow. When flows are not kept (sluicedump) it leaves at once: its
     * bodies let go of their files now rather than when the flow is collected (listeners that
     * keep a flow took a copy, which shares the file).
     */
    public void settled(Flow flow) {
        if (!keep) flow.releaseBodies();
    }

    public Flow get(String id) {
        synchronized (flows) {
            return flows.get(id);
        }
    }

    /** The kept flows in arrival order. */
    public List<Flow> snapshot() {
        synchronized (flows) {
            return new ArrayList<>(flows.values());
        }
    }

    public int size() {
        synchronized (flows) {
            return flows.size();
        }
    }
}
