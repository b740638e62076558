package dev.sluice.net;

import dev.sluice.flow.Body;
import dev.sluice.flow.BodySpool;
import dev.sluice.flow.FileBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gathers a body on an event loop (features.md §14, "Bodies on disk"): on the heap up to
 * body_spill_threshold, then the bytes so far and the rest go to a spool file. The file is
 * written by the spool's thread; the loop only copies bytes into batches and hands them over.
 * While more than {@link #HIGH_WATER} bytes wait for the disk, {@link #backlogged()} tells the
 * caller to stop reading; {@code onRelief} runs on the loop once they have dropped below
 * {@link #LOW_WATER}. A write failure runs {@code onFailure} on the loop with the reason.
 *
 * <p>Used on one event loop only; {@link #finish} completes on it too.
 */
final class BodyGatherer {

    static final long HIGH_WATER = 4 << 20;
    static final long LOW_WATER = 1 << 20;
    private static final int BATCH = 256 << 10;

    private final ByteBufAllocator alloc;
    private final BodySpool spool;
    private final long threshold;
    private final EventExecutor loop;
    private final Runnable onRelief;
    private final Consumer<String> onFailure;
    private ByteBuf heap;
    private ByteBuf batch;
    private boolean spilled;
    private boolean waiting;
    private boolean ended;
    private long size;
    private final AtomicLong pending = new AtomicLong();
    // touched only on the spool's thread
    private Path path;
    private FileChannel file;
    private volatile String failure;

    BodyGatherer(ByteBufAllocator alloc, BodySpool spool, long expectedSize, EventExecutor loop, Runnable onRelief, Consumer<String> onFailure) {
        this.alloc = alloc;
        this.spool = spool;
        this.threshold = spool.threshold();
        this.loop = loop;
        this.onRelief = onRelief;
        this.onFailure = onFailure;
        // a body of known size starts with room for it, up to what the heap may hold
        this.heap = alloc.heapBuffer((int) Math.max(256, Math.min(expectedSize, Math.min(threshold, 1 << 20))));
    }

    long size() {
        return size;
    }

    boolean spilled() {
        return spilled;
    }

    /** Adds a chunk; the chunk is consumed. */
    void add(ByteBuf chunk) {
        try {
            int n = chunk.readableBytes();
            size += n;
            if (ended || failure != null) return;
            if (!spilled && heap.readableBytes() + (long) n <= threshold) {
                heap.writeBytes(chunk);
                return;
            }
            if (!spilled) {
                spilled = true;
                batch = heap;
                heap = null;
            }
            while (chunk.isReadable()) {
                if (batch == null) batch = alloc.heapBuffer(BATCH);
                int room = BATCH - batch.readableBytes();
                if (room > 0) batch.writeBytes(chunk, Math.min(room, chunk.readableBytes()));
                if (batch.readableBytes() >= BATCH) submitBatch();
            }
        } finally {
            chunk.release();
        }
    }

    /** Whether the disk lags behind: the caller stops reading until {@code onRelief} runs. */
    boolean backlogged() {
        if (pending.get() <= HIGH_WATER) return false;
        waiting = true;
        return true;
    }

    /** The heap part of a body that never spilled, for the caller to own; null once spilled. */
    ByteBuf takeHeap() {
        if (spilled) return null;
        ended = true;
        ByteBuf h = heap;
        heap = null;
        return h;
    }

    /**
     * Ends the body: {@code done} gets it (in memory, or the finished file) on the loop, or
     * nothing when writing failed ({@code onFailure} ran or runs instead).
     */
    void finish(Consumer<Body> done) {
        ended = true;
        if (!spilled) {
            ByteBuf h = heap;
            heap = null;
            Body body = h.isReadable() ? Body.of(FlowBridge.copy(h)) : Body.EMPTY;
            h.release();
            done.accept(body);
            return;
        }
        if (batch != null) submitBatch();
        long total = size;
        onDisk(() -> {
            if (failure != null) return;
            try {
                openFile().close();
                file = null;
                FileBody body = new FileBody(spool, path, total);
                path = null;
                loop.execute(() -> done.accept(body));
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }, true);
    }

    /** Drops the body: the heap part now, the file once what was handed over is written. */
    void discard() {
        ended = true;
        if (heap != null) heap.release();
        heap = null;
        if (batch != null) batch.release();
        batch = null;
        // runs after every write handed over; after a finished file was handed over it finds nothing
        if (spilled) onDisk(this::deleteFile, false);
    }

    private void submitBatch() {
        ByteBuf b = batch;
        batch = null;
        int n = b.readableBytes();
        pending.addAndGet(n);
        boolean queued = onDisk(() -> {
            try {
                if (failure == null) {
                    FileChannel f = openFile();
                    while (b.isReadable()) b.readBytes(f, b.readableBytes());
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
            } finally {
                b.release();
                if (pending.addAndGet(-n) < LOW_WATER) loop.execute(this::relieved);
            }
        }, true);
        if (!queued) b.release();
    }

    private void relieved() {
        if (!waiting || pending.get() >= LOW_WATER) return;
        waiting = false;
        onRelief.run();
    }

    /** Runs a task on the spool's thread; false when it is gone (reported as a failure if asked). */
    private boolean onDisk(Runnable task, boolean report) {
        try {
            spool.io().execute(task);
            return true;
        } catch (RejectedExecutionException stopped) {
            if (report && failure == null) {
                failure = "the proxy is shutting down";
                loop.execute(() -> onFailure.accept(failure));
            }
            return false;
        }
    }

    private FileChannel openFile() throws IOException {
        if (file == null) {
            path = spool.newFile();
            file = FileChannel.open(path, StandardOpenOption.WRITE);
        }
        return file;
    }

    private void failed(Exception e) {
        if (failure != null) return;
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failure = reason;
        deleteFile();
        loop.execute(() -> onFailure.accept(reason));
    }

    private void deleteFile() {
        try {
            if (file != null) file.close();
        } catch (IOException ignored) {
            // deleted next
        }
        file = null;
        if (path != null) spool.delete(path);
        path = null;
    }
}
