package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The native format's record: one flow as one line of JSON, newline included. */
final class NativeWriter {
    private NativeWriter() {
    }

    static byte[] encode(Flow flow) {
        return (Json.write(FlowState.of(flow)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the record: in one write when every body is in memory; streamed, a body on disk
     * read from its file as it goes (features.md §14), otherwise.
     */
    static void write(Flow flow, OutputStream out) throws IOException {
        Object tree = FlowState.of(flow);
        if (!Tree.holdsBody(tree)) {
            out.write((Json.write(tree) + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Json.write(tree, text);
        text.write('\n');
        text.flush();
    }
}
