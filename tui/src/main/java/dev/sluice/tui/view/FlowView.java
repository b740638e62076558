package dev.sluice.tui.view;

import dev.sluice.filter.FlowSpec;
import dev.sluice.flow.Flow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    private static final class Entry {
        final Flow flow;
        final long seq;
        Comparable<Object> key;
        boolean shown;

        Entry(Flow flow, long seq) {
            this.flow = flow;
            this.seq = seq;
        }
    }

    /** Beyond this many separate runs of removed rows one full pass is cheaper. */
    private static final int MAX_REMOVAL_RUNS = 16;

    private final FilterCompiler compiler;
    /** By identity, in a flat table: no node object per flow for the collector to trace. */
    private final IdentityHashMap<Flow, Entry> known = new IdentityHashMap<>();
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
        Set<Entry> hide = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Entry> show = new LinkedHashSet<>();
        boolean resort = false;
        Entry newest = null;
        boolean updatesMatter = updatesMatter();
        for (FlowEvents.Change c : changes) {
            if (c.kind() == FlowEvents.Kind.UPDATED && !updatesMatter) continue;
            Entry e = known.get(c.flow());
            switch (c.kind()) {
                case ADDED, UPDATED -> {
                    if (e == null) {
                        if (c.kind() == FlowEvents.Kind.UPDATED) continue; // removed meanwhile
                        e = new Entry(c.flow(), nextSeq++);
                        known.put(c.flow(), e);
                        e.key = key(c.flow());
                        newest = e;
                    } else {
                        Comparable<Object> k = key(c.flow());
                        if (e.shown && !Objects.equals(k, e.key)) resort = true;
                        e.key = k;
                    }
                    boolean pass = passes(c.flow());
                    if (e.shown && !pass) hide.add(e);
                    if (!e.shown && pass) show.add(e);
                    e.shown = pass;
                }
                case REMOVED -> {
                    if (e == null) continue;
                    known.remove(c.flow());
                    if (e.shown) hide.add(e);
                    e.shown = false;
                    if (focus == e) focus = null;
                }
            }
        }
        if (!hide.isEmpty()) removeShown(hide);
        for (Entry e : show) {
            if (!e.shown) continue;
            if (!shown.isEmpty() && ascending.compare(shown.get(shown.size() - 1), e) > 0) resort = true;
            shown.add(e);
        }
        if (resort) shown.sort(ascending);
        if (focusFollow && newest != null && newest.shown) focus = newest;
        refocus();
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
    private void removeShown(Set<Entry> hide) {
        int[] positions = new int[hide.size()];
        int n = 0;
        for (Entry e : hide) {
            int i = Collections.binarySearch(shown, e, ascending);
            if (i < 0 || shown.get(i) != e) {
                shown.removeIf(hide::contains);
                return;
            }
            positions[n++] = i;
        }
        Arrays.sort(positions, 0, n);
        int runs = 1;
        for (int k = 1; k < n; k++) if (positions[k] != positions[k - 1] + 1) runs++;
        if (runs > MAX_REMOVAL_RUNS) {
            shown.removeIf(hide::contains);
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
        for (Entry e : arrivalOrder()) {
            e.key = key(e.flow);
            e.shown = passes(e.flow);
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
        return shown.get(toStorage(viewIndex)).flow;
    }

    @Override
    public Flow focused() {
        return focus == null ? null : focus.flow;
    }

    public int focusIndex() {
        return focusIndex;
    }

    /** Every known flow in arrival order. */
    @Override
    public List<Flow> stored() {
        List<Flow> out = new ArrayList<>(known.size());
        for (Entry e : arrivalOrder()) out.add(e.flow);
        return out;
    }

    private List<Entry> arrivalOrder() {
        List<Entry> entries = new ArrayList<>(known.values());
        entries.sort(Comparator.comparingLong(e -> e.seq));
        return entries;
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
