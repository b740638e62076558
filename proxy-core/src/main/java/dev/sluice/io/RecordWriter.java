package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes self-delimiting records (native JSON lines, mitmproxy tnetstrings): each flow encoded
 * completely, handed to the stream in one write and flushed; a native record with a body on
 * disk is streamed instead.
 */
final class RecordWriter implements FlowWriter {

    /** Writes one flow's record onto the stream. */
    @FunctionalInterface
    interface Encoder {
        void write(Flow flow, OutputStream out) throws IOException;
    }

    private final OutputStream out;
    private final Encoder encoder;

    RecordWriter(OutputStream out, Encoder encoder) {
        this.out = out;
        this.encoder = encoder;
    }

    @Override
    public void write(Flow flow) throws IOException {
        encoder.write(flow, out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
