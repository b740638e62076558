package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * Writes self-delimiting records (native JSON lines, mitmproxy tnetstrings): each flow encoded
 * completely, handed to the stream in one write and flushed.
 */
final class RecordWriter implements FlowWriter {

    private final OutputStream out;
    private final Function<Flow, byte[]> encoder;

    RecordWriter(OutputStream out, Function<Flow, byte[]> encoder) {
        this.out = out;
        this.encoder = encoder;
    }

    @Override
    public void write(Flow flow) throws IOException {
        out.write(encoder.apply(flow));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
