package dev.sluice.tui.view;

import dev.sluice.filter.FlowSpec;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The flow list's model (console.md §4): the known flows in arrival order, the shown ones
 * filtered and sorted, the focus and the marked-only switch. It belongs to the console thread;
 * store events reach it in batches ({@link #apply}), so 100,000 flows cost one pass per batch at
 * most, and a position is found by binary search. Flow specifications ({@code @focus},
 * {@code @shown}, ...) resolve against it.
 */
public final class FlowView implements FlowSpec.Context {

    /** One known flow with the order key it is sorted under (kept, so the list stays consistent). */
    private static final class Entry extends FlowRecords.Record {
        final long seq;
        Comparable<Object> key;
        boolean shown;
        /** Already collected by the batch being applied (flags instead of per-batch hash sets: no allocation per flow). */
        boolean toHide;
        boolean toShow;

        Entry(Flow flow, long seq) {
            super(flow);
            this.seq = seq;
        }
    }

    /** Beyond this many separate runs of removed rows one full pass is cheaper. */
    private static final int MAX_REMOVAL_RUNS = 16;

    private final FilterCompiler compiler;
    /** Each flow carries its entry (FlowRecords says why), in arrival order. */
    private final FlowRecords<Entry> known = new FlowRecords<>(FlowRecords.Slot.VIEW);
    /** Shown entries in ascending order; reversed views index from the end. */
    private final ArrayList<Entry> shown = new ArrayList<>();
    private long nextSeq;
    private ViewOrder order = ViewOrder.TIME;
    private boolean reversed;
    private Predicate<Flow> filter;
    private boolean markedOnly;
    private boolean focusFollow;
    private Entry focus;
    private int focusIndex;

    @SuppressWarnings("unchecked")
    private final Comparator<Entry> ascending = (a, b) -> {
        int c = order == ViewOrder.TIME ? 0 : a.key.compareTo(b.key);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    public FlowView(FilterCompiler compiler) {
        this.compiler = compiler;
    }

    // ---- store events ----

    /** Applies a batch of store events: one removal pass, one append, one sort at most. */
    public void apply(List<FlowEvents.Change> changes) {
        if (changes.isEmpty()) return;
        List<Entry> hide = new ArrayList<>();
        List<Entry> show = new ArrayList<>();
        boolean resort = false;
        Entry newest = null;
        boolean updatesMatter = updatesMatter();
        for (FlowEvents.Change c : changes) {
            Flow flow = c.flow();
            Entry e;
            switch (c.kind()) {
                case ADDED -> {
                    e = known.get(flow);
                    if (e == null) {
                        e = new Entry(flow, nextSeq++);
                        known.add(e);
                        e.key = key(flow);
                        newest = e;
                    } else {
                        resort |= rekey(e);
                    }
                }
                case UPDATED -> {
                    if (!updatesMatter || (e = known.get(flow)) == null) continue; // unneeded, or removed meanwhile
                    resort |= rekey(e);
                }
                default -> {
                    e = known.remove(flow);
                    if (e == null) continue;
                    if (e.shown) collect(e, hide, true);
                    e.shown = false;
                    if (focus == e) focus = null;
                    continue;
                }
            }
            boolean pass = passes(flow);
            if (e.shown && !pass) collect(e, hide, true);
            if (!e.shown && pass) collect(e, show, false);
            e.shown = pass;
        }
        if (!hide.isEmpty()) removeShown(hide);
        for (Entry e : show) {
            e.toShow = false;
            if (!e.shown) continue;
            if (!shown.isEmpty() && ascending.compare(shown.get(shown.size() - 1), e) > 0) resort = true;
            shown.add(e);
        }
        if (resort) shown.sort(ascending);
        if (focusFollow && newest != null && newest.shown) focus = newest;
        refocus();
    }

    /** Adds the entry to the batch's hide or show list once. */
    private static void collect(Entry e, List<Entry> list, boolean hiding) {
        if (hiding ? e.toHide : e.toShow) return;
        if (hiding) e.toHide = true;
        else e.toShow = true;
        list.add(e);
    }

    /** Takes the flow's order key again; true when a shown row's key changed (the list must be sorted). */
    private boolean rekey(Entry e) {
        Comparable<Object> k = key(e.flow());
        boolean moved = e.shown && !Objects.equals(k, e.key);
        e.key = k;
        return moved;
    }

    /**
     * Unfiltered and in arrival order an update cannot move or hide a row: the next frame simply
     * draws the flow as it now is.
     */
    public boolean updatesMatter() {
        return filter != null || markedOnly || order != ViewOrder.TIME;
    }

    /**
     * Takes entries out of the shown list. The store drops its oldest flows in runs, so the
     * entries are found by binary search and removed run by run (one array copy each) instead of
     * testing all 100,000 rows; scattered removals, or a list a key change has unsorted, take the
     * single full pass.
     */
    private void removeShown(List<Entry> hide) {
        try {
            removeRuns(hide);
        } finally {
            for (Entry e : hide) e.toHide = false;
        }
    }

    private void removeRuns(List<Entry> hide) {
        int[] positions = new int[hide.size()];
        int n = 0;
        for (Entry e : hide) {
            int i = Collections.binarySearch(shown, e, ascending);
            if (i < 0 || shown.get(i) != e) {
                shown.removeIf(x -> x.toHide);
                return;
            }
            positions[n++] = i;
        }
        Arrays.sort(positions, 0, n);
        int runs = 1;
        for (int k = 1; k < n; k++) if (positions[k] != positions[k - 1] + 1) runs++;
        if (runs > MAX_REMOVAL_RUNS) {
            shown.removeIf(x -> x.toHide);
            return;
        }
        int end = n;
        for (int k = n - 1; k >= 0; k--) {
            if (k == 0 || positions[k - 1] != positions[k] - 1) {
                shown.subList(positions[k], positions[end - 1] + 1).clear();
                end = k;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Comparable<Object> key(Flow f) {
        return (Comparable<Object>) order.key(f);
    }

    private boolean passes(Flow f) {
        if (markedOnly && f.marked().isEmpty()) return false;
        return filter == null || filter.test(f);
    }

    /** Re-filters and re-sorts every known flow (after a filter or order change). */
    private void rebuild() {
        shown.clear();
        for (Entry e : known) {
            e.key = key(e.flow());
            e.shown = passes(e.flow());
            if (e.shown) shown.add(e);
        }
        if (order != ViewOrder.TIME) shown.sort(ascending);
        refocus();
    }

    /** Keeps the focus on its flow when still shown, else on the nearest row. */
    private void refocus() {
        if (shown.isEmpty()) {
            focus = null;
            focusIndex = 0;
            return;
        }
        if (focus != null && focus.shown) {
            int i = Collections.binarySearch(shown, focus, ascending);
            if (i >= 0) {
                focusIndex = toView(i);
                return;
            }
        }
        focusIndex = Math.max(0, Math.min(focusIndex, shown.size() - 1));
        focus = shown.get(toStorage(focusIndex));
    }

    private int toView(int storageIndex) {
        return reversed ? shown.size() - 1 - storageIndex : storageIndex;
    }

    private int toStorage(int viewIndex) {
        return reversed ? shown.size() - 1 - viewIndex : viewIndex;
    }

    // ---- reading ----

    public int size() {
        return shown.size();
    }

    public int knownCount() {
        return known.size();
    }

    /** The flow at a view position (0 = top of the list). */
    public Flow get(int viewIndex) {
        return shown.get(toStorage(viewIndex)).flow();
    }

    @Override
    public Flow focused() {
        return focus == null ? null : focus.flow();
    }

    public int focusIndex() {
        return focusIndex;
    }

    /** Every known flow in arrival order. */
    @Override
    public List<Flow> stored() {
        List<Flow> out = new ArrayList<>(known.size());
        for (Entry e : known) out.add(e.flow());
        return out;
    }

    /** The shown flows in view order. */
    @Override
    public List<Flow> shown() {
        List<Flow> out = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) out.add(get(i));
        return out;
    }

    public ViewOrder order() {
        return order;
    }

    public boolean reversed() {
        return reversed;
    }

    public boolean markedOnly() {
        return markedOnly;
    }

    public boolean isShown(Flow f) {
        Entry e = known.get(f);
        return e != null && e.shown;
    }

    // ---- changing ----

    public void focus(int viewIndex) {
        if (shown.isEmpty()) return;
        focusIndex = Math.max(0, Math.min(viewIndex, shown.size() - 1));
        focus = shown.get(toStorage(focusIndex));
    }

    public void focus(Flow flow) {
        Entry e = known.get(flow);
        if (e != null && e.shown) {
            focus = e;
            refocus();
        }
    }

    public void focusNext() {
        focus(focusIndex + 1);
    }

    public void focusPrev() {
        focus(focusIndex - 1);
    }

    /** Sets the filter; null or blank shows everything. Throws IllegalArgumentException for a bad expression. */
    public void setFilter(String expression) {
        filter = expression == null || expression.isBlank() ? null : compiler.compile(expression);
        rebuild();
    }

    public void setOrder(ViewOrder order) {
        if (this.order == order) return;
        this.order = order;
        rebuild();
    }

    public void setReversed(boolean reversed) {
        if (this.reversed == reversed) return;
        this.reversed = reversed;
        refocus();
    }

    public void setMarkedOnly(boolean markedOnly) {
        this.markedOnly = markedOnly;
        rebuild();
    }

    public void setFocusFollow(boolean follow) {
        this.focusFollow = follow;
        if (follow && !shown.isEmpty()) focus(reversed ? 0 : shown.size() - 1);
    }
}
