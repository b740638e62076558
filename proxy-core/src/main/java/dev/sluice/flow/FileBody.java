package dev.sluice.flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A body kept in a temp file of a {@link BodySpool} (features.md §14, "Bodies on disk"). Each
 * message holds its own handle; copies of a message (a duplicate, a backup, a snapshot being
 * saved) {@link #share()} the file, and the file is deleted when the last handle is released:
 * explicitly when a flow leaves the store, or when a handle nobody refers to any more is
 * collected (a snapshot once written, a body replaced by an addon).
 */
public final class FileBody extends Body {

    private static final Cleaner CLEANER = Cleaner.create();

    /** The file and how many handles still refer to it. */
    private static final class Shared {
        final BodySpool spool;
        final Path path;
        final long size;
        final AtomicInteger handles = new AtomicInteger();

        Shared(BodySpool spool, Path path, long size) {
            this.spool = spool;
            this.path = path;
            this.size = size;
        }
    }

    /** Lets go of one handle exactly once, whether released or collected. */
    private record Release(Shared shared, AtomicBoolean done) implements Runnable {
        @Override
        public void run() {
            if (done.compareAndSet(false, true) && shared.handles.decrementAndGet() == 0) shared.spool.delete(shared.path);
        }
    }

    private final Shared shared;
    private final Cleaner.Cleanable cleanable;

    /** A body for a complete file of the spool, which from now on belongs to the body. */
    public FileBody(BodySpool spool, Path path, long size) {
        this(new Shared(spool, path, size));
    }

    private FileBody(Shared shared) {
        this.shared = shared;
        shared.handles.incrementAndGet();
        this.cleanable = CLEANER.register(this, new Release(shared, new AtomicBoolean()));
    }

    /** The file (for tests and for sending it). */
    public Path path() {
        return shared.path;
    }

    @Override
    public long size() {
        return shared.size;
    }

    /**
     * The whole body read into memory: only for bodies known to be small enough; everything that
     * may see a large body reads {@link #openStream()} instead.
     */
    @Override
    public byte[] bytes() {
        if (shared.size > Integer.MAX_VALUE - 8) throw new IllegalStateException("body of " + shared.size + " bytes is too large for memory");
        try {
            return Files.readAllBytes(shared.path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read body file: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openStream() throws IOException {
        return Files.newInputStream(shared.path);
    }

    /** Nothing of the body is on the heap. */
    @Override
    public long heapSize() {
        return 0;
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    @Override
    public Body share() {
        return new FileBody(shared);
    }

    @Override
    public void release() {
        cleanable.clean();
    }
}
