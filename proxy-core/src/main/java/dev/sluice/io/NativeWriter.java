package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the native format: each flow as one line of JSON, written in one call and flushed. */
final class NativeWriter implements FlowWriter {

    private final OutputStream out;

    NativeWriter(OutputStream out) {
        this.out = out;
    }

    /** One flow as its line, newline included. */
    static byte[] encode(Flow flow) {
        return (Json.write(FlowState.of(flow)) + "\n").getBytes(StandardCharsets.UTF_8);
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
