package dev.sluice.view;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The order in which the store drops its flows: oldest first. A flow that must stay when its turn
 * comes (live, intercepted, marked, pinned) is taken out and set aside by the store; when it may go
 * again it is put back at its old place. Flows arrive in order, so the common path is a deque (O(1));
 * only flows put back pass through a heap. Flows removed meanwhile are skipped lazily and compacted
 * away once they make up half the queue, so the cost per flow stays O(1) amortised.
 */
final class DropOrder {

    private final ArrayDeque<StoredFlow> arrival = new ArrayDeque<>();
    private final PriorityQueue<StoredFlow> putBack = new PriorityQueue<>(Comparator.comparingLong((StoredFlow s) -> s.seq));
    private int gone;

    void add(StoredFlow s) {
        s.place = StoredFlow.Place.QUEUED;
        arrival.addLast(s);
    }

    /** A flow set aside may go now: it competes again under its arrival number. */
    void putBack(StoredFlow s) {
        s.place = StoredFlow.Place.QUEUED;
        putBack.add(s);
    }

    /** A queued flow left the store another way. */
    void forget(StoredFlow s) {
        boolean queued = s.place == StoredFlow.Place.QUEUED;
        s.place = StoredFlow.Place.GONE;
        if (queued && ++gone > 64 && gone > (arrival.size() + putBack.size()) / 2) compact();
    }

    /** Takes the oldest queued flow out of the order, or returns null when none is left. */
    StoredFlow pollOldest() {
        skipGone(arrival);
        skipGone(putBack);
        StoredFlow a = arrival.peekFirst();
        StoredFlow b = putBack.peek();
        if (a == null && b == null) return null;
        if (b == null || a != null && a.seq < b.seq) return arrival.pollFirst();
        return putBack.poll();
    }

    int size() {
        return arrival.size() + putBack.size() - gone;
    }

    private void skipGone(java.util.Queue<StoredFlow> q) {
        while (!q.isEmpty() && q.peek().place == StoredFlow.Place.GONE) {
            q.poll();
            gone--;
        }
    }

    private void compact() {
        arrival.removeIf(s -> s.place == StoredFlow.Place.GONE);
        putBack.removeIf(s -> s.place == StoredFlow.Place.GONE);
        gone = 0;
    }
}
