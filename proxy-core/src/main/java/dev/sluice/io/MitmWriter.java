package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** mitmproxy's record, version 17: one flow as one tnetstring. */
final class MitmWriter {
    private MitmWriter() {
    }

    static byte[] encode(Flow flow) {
        return Tnetstring.encode(MitmLayout.toMitm(FlowState.of(flow)));
    }

    /** Writes the record: in one write, or streamed when a body is on disk (features.md §14). */
    static void write(Flow flow, OutputStream out) throws IOException {
        Object tree = MitmLayout.toMitm(FlowState.of(flow));
        if (!Tree.holdsBody(tree)) {
            out.write(Tnetstring.encode(tree));
            return;
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        Tnetstring.write(tree, buffered);
        buffered.flush();
    }
}
