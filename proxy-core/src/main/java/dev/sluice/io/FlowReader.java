package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.Closeable;
import java.util.List;

/** Reads flows one at a time from a flow file of one format. */
public interface FlowReader extends Closeable {

    /**
     * The next flow (not live), or null at the end of the file.
     *
     * @throws FlowFileException when the file is damaged here; flows returned before stay valid
     */
    Flow next() throws FlowFileException;

    /** Warnings about what was skipped so far (DNS flows, unconvertible HAR entries). */
    List<String> warnings();
}
