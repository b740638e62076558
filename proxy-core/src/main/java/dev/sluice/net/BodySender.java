package dev.sluice.net;

import dev.sluice.flow.Body;
import dev.sluice.net.http1.BodyChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Sends a body kept in a file (features.md §14, "Bodies on disk") as body chunks: each chunk is
 * read on the spool's thread and written on the event loop, and the next is read only once the
 * previous one was written, so a slow receiver holds the sender back and memory stays flat. The
 * body's file is kept while sending, whatever happens to the flow meanwhile.
 */
final class BodySender {

    private static final int CHUNK = 256 << 10;

    private final Body body;
    private final ChannelOutboundInvoker out;
    private final EventExecutor loop;
    private final Executor disk;
    private final Function<ByteBuf, BodyChunk> pass;
    private final ChannelPromise done;
    private InputStream in; // used on the disk thread only

    private BodySender(Body body, ChannelOutboundInvoker out, EventExecutor loop, Executor disk, Function<ByteBuf, BodyChunk> pass) {
        this.body = body.share();
        this.pass = pass;
        this.out = out;
        this.loop = loop;
        this.disk = disk;
        this.done = out.newPromise();
    }

    /**
     * Writes the body's bytes to {@code out} (on {@code loop}) and completes the returned future
     * when all were written, or fails it with the reason; the caller writes the end of the message.
     */
    static ChannelPromise send(Body body, ChannelOutboundInvoker out, EventExecutor loop, Executor disk) {
        return send(body, out, loop, disk, BodyChunk::new);
    }

    /** As {@link #send(Body, ChannelOutboundInvoker, EventExecutor, Executor)}, each chunk turned into what is written (null: nothing). */
    static ChannelPromise send(Body body, ChannelOutboundInvoker out, EventExecutor loop, Executor disk, Function<ByteBuf, BodyChunk> pass) {
        BodySender s = new BodySender(body, out, loop, disk, pass);
        s.readNext();
        return s.done;
    }

    private void readNext() {
        try {
            disk.execute(this::read);
        } catch (RejectedExecutionException stopped) {
            finish(new IOException("the proxy is shutting down"));
        }
    }

    private void read() {
        byte[] chunk;
        try {
            if (in == null) in = body.openStream();
            chunk = in.readNBytes(CHUNK);
        } catch (IOException | RuntimeException e) {
            loop.execute(() -> finish(e));
            return;
        }
        loop.execute(() -> write(chunk));
    }

    private void write(byte[] chunk) {
        if (chunk.length == 0) {
            finish(null);
            return;
        }
        boolean last = chunk.length < CHUNK;
        BodyChunk passed = pass.apply(Unpooled.wrappedBuffer(chunk));
        if (passed == null) {
            if (last) finish(null);
            else readNext();
            return;
        }
        out.writeAndFlush(passed).addListener(f -> {
            if (!f.isSuccess()) finish(f.cause());
            else if (last) finish(null);
            else readNext();
        });
    }

    private void finish(Throwable failure) {
        try {
            disk.execute(this::close);
        } catch (RejectedExecutionException stopped) {
            close();
        }
        if (failure == null) done.trySuccess();
        else done.tryFailure(failure);
    }

    private void close() {
        try {
            if (in != null) in.close();
        } catch (IOException ignored) {
            // only read from
        }
        body.release();
    }
}
