package dev.sluice.view;

import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowRecords;

/** One kept flow with what the store's bound needs: arrival number, counted bytes, pins, place in the drop order. */
final class StoredFlow extends FlowRecords.Record {

    /** Where the flow is for the bound: waiting in the drop order, set aside while it must stay, or out of the store. */
    enum Place { QUEUED, HELD, GONE }

    final long seq;
    long bytes;
    int pins;
    Place place = Place.QUEUED;
    /** Removed while pinned: its bodies are released when the last pin goes. */
    boolean releaseOnUnpin;

    StoredFlow(Flow flow, long seq, long bytes) {
        super(flow);
        this.seq = seq;
        this.bytes = bytes;
    }
}
