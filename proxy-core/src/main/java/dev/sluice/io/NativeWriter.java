package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.nio.charset.StandardCharsets;

/** The native format's record: one flow as one line of JSON, newline included. */
final class NativeWriter {
    private NativeWriter() {
    }

    static byte[] encode(Flow flow) {
        return (Json.write(FlowState.of(flow)) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
