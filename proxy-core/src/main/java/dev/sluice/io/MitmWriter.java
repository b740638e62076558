package dev.sluice.io;

import dev.sluice.flow.Flow;

/** mitmproxy's record, version 17: one flow as one tnetstring. */
final class MitmWriter {
    private MitmWriter() {
    }

    static byte[] encode(Flow flow) {
        return Tnetstring.encode(MitmLayout.toMitm(FlowState.of(flow)));
    }
}
