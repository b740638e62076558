package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.Closeable;
import java.io.IOException;

/**
 * Writes flows to a file of one format. Each flow is serialised completely, handed to the file
 * in one write and flushed, so a crash loses no flow whose {@link #write} returned. Not
 * thread-safe: one writer thread owns it.
 */
public interface FlowWriter extends Closeable {

    void write(Flow flow) throws IOException;
}
