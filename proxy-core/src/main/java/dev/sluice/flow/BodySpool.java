package dev.sluice.flow;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where bodies too large for the heap live (features.md §14, "Bodies on disk"): temp files in
 * {@code CONFDIR/bodies/<pid>/}, owner-only. Holds the threshold, the one thread that writes
 * and reads those files for the event loops (so they never wait on the disk), and every file not
 * yet deleted, so that closing the spool, or the process ending, removes them.
 */
public final class BodySpool implements AutoCloseable {

    private static final long PID = ProcessHandle.current().pid();
    private static final Set<Path> PROCESS_DIRS = ConcurrentHashMap.newKeySet();
    private static final FileAttribute<?> OWNER_DIR = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> OWNER_FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    static {
        // whatever a spool did not delete goes with the process
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESS_DIRS.forEach(BodySpool::deleteTree), "sluice-bodies-cleanup"));
    }

    private final Supplier<Path> confdir;
    private final LongSupplier threshold;
    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private final ExecutorService io = Executors.newSingleThreadExecutor(dev.sluice.Sluice.daemonThreads("sluice-body-io"));

    /**
     * @param confdir   the configuration directory as it stands now
     * @param threshold body_spill_threshold in bytes
     */
    public BodySpool(Supplier<Path> confdir, LongSupplier threshold) {
        this.confdir = confdir;
        this.threshold = threshold;
    }

    /** Bytes a buffered body may hold on the heap; beyond them it goes to a file. */
    public long threshold() {
        return threshold.getAsLong();
    }

    /** The thread for blocking body-file work: tasks run in order, and no event loop waits for them. */
    public ExecutorService io() {
        return io;
    }

    /** {@code CONFDIR/bodies/<pid>}, owner-only; on its first use the directories of dead processes are removed. */
    public Path directory() throws IOException {
        Path bodies = confdir.get().resolve("bodies");
        Path mine = bodies.resolve(Long.toString(PID));
        createOwnerOnly(bodies);
        if (PROCESS_DIRS.add(mine)) removeStale(bodies);
        createOwnerOnly(mine);
        return mine;
    }

    /** A new empty owner-only file for one body. */
    public Path newFile() throws IOException {
        Path file = Files.createTempFile(directory(), "body-", ".bin", OWNER_FILE);
        files.add(file);
        return file;
    }

    /**
     * Deletes a file of this spool (its last body let go of it, or it was never completed), on
     * the spool's thread: the release may come from an event loop, which must not wait on the disk.
     */
    public void delete(Path file) {
        files.remove(file);
        try {
            io.execute(() -> deleteNow(file));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            deleteNow(file);
        }
    }

    private static void deleteNow(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the process's directory goes at exit anyway
        }
    }

    /** At start-up: removes the {@code bodies/<pid>} directories of processes that no longer run. */
    public void removeStale() {
        removeStale(confdir.get().resolve("bodies"));
    }

    private static void removeStale(Path bodies) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bodies)) {
            for (Path d : dirs) {
                long pid;
                try {
                    pid = Long.parseLong(d.getFileName().toString());
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (pid != PID && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) deleteTree(d);
            }
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, OWNER_DIR);
        } catch (FileAlreadyExistsException raced) {
            // made by another spool meanwhile
        } catch (UnsupportedOperationException noPosix) {
            Files.createDirectories(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * A body from a stream, read off the event loop: on the heap up to the threshold, in a file
     * beyond it. The stream is read to its end but not closed.
     */
    public Body read(InputStream in) throws IOException {
        try (Output out = output()) {
            in.transferTo(out);
            return out.toBody();
        }
    }

    /**
     * A flow read from a flow file: its bodies over the threshold move from the heap to files,
     * as if they had been received. Left in memory when the disk refuses (the reason is returned
     * for a warning); null when all went well.
     */
    public String keep(Flow flow) {
        for (Message m : new Message[] {flow.request(), flow.response()}) {
            Body b = m == null ? null : m.body();
            if (b == null || !b.inMemory() || b.size() <= threshold()) continue;
            try {
                m.setBody(read(b.openStream()));
            } catch (IOException e) {
                return "Could not store body: " + e.getMessage();
            }
        }
        return null;
    }

    /** An output that becomes a body: heap up to the threshold, a file of this spool beyond it. */
    public Output output() {
        return new Output(this);
    }

    /** Deletes the files this spool still holds and stops its thread. */
    @Override
    public void close() {
        io.shutdownNow();
        for (Path f : files.toArray(Path[]::new)) delete(f);
    }

    /** Collects a body's bytes off the event loop; {@link #toBody()} ends it. Closed without it, it discards. */
    public static final class Output extends OutputStream {
        private final BodySpool spool;
        private final long limit;
        private ByteArrayOutputStream heap = new ByteArrayOutputStream();
        private Path file;
        private OutputStream disk;
        private long size;
        private boolean done;

        Output(BodySpool spool) {
            this.spool = spool;
            this.limit = spool.threshold();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (disk == null && heap.size() + (long) len > limit) {
                file = spool.newFile();
                disk = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                heap.writeTo(disk);
                heap = null;
            }
            if (disk != null) disk.write(b, off, len);
            else heap.write(b, off, len);
            size += len;
        }

        /** The body written so far, complete. */
        public Body toBody() throws IOException {
            done = true;
            if (disk == null) return Body.of(heap.toByteArray());
            disk.close();
            return new FileBody(spool, file, size);
        }

        @Override
        public void close() throws IOException {
            if (disk != null) disk.close();
            if (!done && file != null) spool.delete(file);
        }
    }
}
