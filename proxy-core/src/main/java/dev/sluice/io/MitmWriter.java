package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;

/** Writes mitmproxy's format, version 17, one tnetstring record per flow, each flushed. */
final class MitmWriter implements FlowWriter {

    private final OutputStream out;

    MitmWriter(OutputStream out) {
        this.out = out;
    }

    static byte[] encode(Flow flow) {
        return Tnetstring.encode(MitmLayout.toMitm(FlowState.of(flow)));
    }

    @Override
    public void write(Flow flow) throws IOException {
        out.write(encode(flow));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
