package dev.sluice.net;

import dev.sluice.flow.Headers;
import dev.sluice.flow.ServerConn;
import dev.sluice.net.http1.BodyChunk;
import dev.sluice.net.http1.BodyEnd;
import dev.sluice.net.http1.DecodeFailure;
import dev.sluice.net.http1.Http1ResponseDecoder;
import dev.sluice.net.http1.PrematureClose;
import dev.sluice.net.http1.ResponseHead;
import dev.sluice.net.http1.StrayBytes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection to an origin: sends a request, hands the response to the current listener, and
 * says whether it can be reused. Lives on the event loop of the client connection that uses it.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {

    private final Channel channel;
    private final String poolKey;
    private final ServerConn info;
    private UpstreamListener listener;
    private boolean finalHeadSeen;
    private boolean broken;
    private ScheduledFuture<?> responseTimer;
    private ScheduledFuture<?> idleTimer;
    private long responseDeadline;     // nanoTime by which the final head must arrive; 0 = not waiting
    private long responseTimeoutSeconds;
    private long idleSince;

    ServerConnection(Channel channel, String poolKey, ServerConn info) {
        this.channel = channel;
        this.poolKey = poolKey;
        this.info = info;
    }

    Channel channel() {
        return channel;
    }

    String poolKey() {
        return poolKey;
    }

    ServerConn info() {
        return info;
    }

    long idleSince() {
        return idleSince;
    }

    /**
     * The connection waits in the pool; it closes itself after {@code maxIdleNanos} unused. One
     * timer per connection, re-armed lazily, so a busy keep-alive connection schedules no task
     * per request.
     */
    void markIdle(long maxIdleNanos) {
        idleSince = System.nanoTime();
        listener = null;
        if (idleTimer == null) armIdleTimer(maxIdleNanos, maxIdleNanos);
    }

    private void armIdleTimer(long delayNanos, long maxIdleNanos) {
        idleTimer = channel.eventLoop().schedule(() -> {
            idleTimer = null;
            if (!channel.isActive()) return;
            if (listener != null) return; // in use again; the next markIdle re-arms
            long idleFor = System.nanoTime() - idleSince;
            if (idleFor >= maxIdleNanos) channel.close();
            else armIdleTimer(maxIdleNanos - idleFor, maxIdleNanos);
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    boolean isReusable() {
        return !broken && channel.isActive();
    }

    void markBroken() {
        broken = true;
    }

    /** Starts an exchange: the response decoder learns the method, and the listener gets what follows. */
    void begin(String method, UpstreamListener l, long responseTimeoutSeconds) {
        this.listener = l;
        this.finalHeadSeen = false;
        channel.pipeline().get(Http1ResponseDecoder.class).expect(method);
        awaitResponse(responseTimeoutSeconds);
    }

    /** Starts the wait for the final head (after the whole request was sent); 0 waits forever. */
    void awaitResponse(long responseTimeoutSeconds) {
        this.responseTimeoutSeconds = responseTimeoutSeconds;
        if (finalHeadSeen || responseTimeoutSeconds <= 0) {
            responseDeadline = 0; // answered already (before the end of a streamed request), or waiting forever
            return;
        }
        responseDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(responseTimeoutSeconds);
        if (responseTimer == null) armTimer(TimeUnit.SECONDS.toNanos(responseTimeoutSeconds));
    }

    /**
     * Sends the head of a request whose body follows in chunks (streamed): the response timeout
     * starts only when the caller has sent the body ({@link #awaitResponse}).
     */
    void sendHead(dev.sluice.net.http1.RequestHead head, UpstreamListener l) {
        begin(head.method(), l, 0);
        channel.writeAndFlush(head);
    }

    /**
     * Sends a request as it stands on the flow: begins the exchange for its method, then writes
     * head, body and trailers. A body in a file is read on {@code disk} and sent as the server
     * takes it; the response timeout starts once it has all been sent.
     */
    void send(dev.sluice.flow.Request r, UpstreamListener l, long responseTimeoutSeconds, java.util.concurrent.Executor disk) {
        dev.sluice.flow.Body body = r.body();
        Headers trailers = r.trailers() == null ? new Headers() : r.trailers();
        if (body != null && !body.inMemory()) {
            begin(r.method(), l, 0);
            channel.write(FlowBridge.toOriginHead(r));
            BodySender.send(body, channel, channel.eventLoop(), disk).addListener(f -> {
                if (listener != l) return; // failed or aborted meanwhile
                if (!f.isSuccess()) {
                    abort();
                    l.onFailure(502, "Could not send body: " + Upstream.reason(f.cause()));
                    return;
                }
                channel.writeAndFlush(new BodyEnd(trailers));
                awaitResponse(responseTimeoutSeconds);
            });
            return;
        }
        begin(r.method(), l, responseTimeoutSeconds);
        channel.write(FlowBridge.toOriginHead(r));
        if (body != null && body.size() > 0) channel.write(new BodyChunk(io.netty.buffer.Unpooled.wrappedBuffer(body.bytes())));
        channel.writeAndFlush(new BodyEnd(trailers));
    }

    /**
     * One timer per connection, re-armed lazily: a keep-alive connection serving thousands of
     * requests within the timeout schedules one task, not one per request.
     */
    private void armTimer(long delayNanos) {
        responseTimer = channel.eventLoop().schedule(this::checkResponseDeadline, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkResponseDeadline() {
        responseTimer = null;
        if (responseDeadline == 0 || listener == null) return;
        long left = responseDeadline - System.nanoTime();
        if (left > 0) {
            armTimer(left);
            return;
        }
        UpstreamListener gone = listener;
        listener = null;
        broken = true;
        channel.close();
        gone.onFailure(504, "Server did not respond within " + responseTimeoutSeconds + " s.");
    }

    /** The client went away or the flow was killed: this connection is not reused. */
    void abort() {
        listener = null;
        broken = true;
        cancelTimeout();
        channel.close();
    }

    private void cancelTimeout() {
        responseDeadline = 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            // bytes from an idle server: it cannot be trusted for reuse
            ReferenceCountUtil.release(msg);
            broken = true;
            ctx.close();
            return;
        }
        if (msg instanceof ResponseHead head) {
            if (head.status() / 100 == 1 && head.status() != 101) {
                cancelTimeout();
                l.onInterim(head);
                return;
            }
            finalHeadSeen = true;
            cancelTimeout();
            if (head.headers().getAll("connection").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("close"))
                    || "HTTP/1.0".equals(head.version()) && !keepAlive10(head.headers())) {
                broken = true;
            }
            l.onHead(head);
        } else if (msg instanceof BodyChunk chunk) {
            if (!finalHeadSeen) {
                chunk.release(); // body of an interim response: there is none
                return;
            }
            l.onChunk(chunk.content());
        } else if (msg instanceof BodyEnd end) {
            if (!finalHeadSeen) return;
            listener = null;
            l.onEnd(end.trailers());
        } else if (msg instanceof StrayBytes) {
            // every response before was complete; the connection just cannot be reused
            broken = true;
            ctx.close();
        } else if (msg instanceof PrematureClose) {
            listener = null;
            broken = true;
            ctx.close();
            l.onFailure(502, dev.sluice.flow.FlowError.SERVER_DISCONNECTED);
        } else if (msg instanceof DecodeFailure failure) {
            listener = null;
            broken = true;
            ctx.close();
            l.onFailure(502, failure.reason());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        UpstreamListener l = listener;
        if (l != null) l.onReadComplete();
        super.channelReadComplete(ctx);
    }

    /** A streamed request body waits while the server cannot take more (backpressure). */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        UpstreamListener l = listener;
        if (l != null) l.onWritabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    private static boolean keepAlive10(Headers h) {
        return h.getAll("connection").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("keep-alive"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        broken = true;
        cancelTimeout();
        if (responseTimer != null) responseTimer.cancel(false);
        if (idleTimer != null) idleTimer.cancel(false);
        info.setTimestampEnd(dev.sluice.flow.Flow.now());
        UpstreamListener l = listener;
        listener = null;
        super.channelInactive(ctx);
        // the decoder has already turned a clean close-delimited end into BodyEnd
        if (l != null) l.onFailure(502, dev.sluice.flow.FlowError.SERVER_DISCONNECTED);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        broken = true;
        UpstreamListener l = listener;
        listener = null;
        ctx.close();
        if (l != null) l.onFailure(502, "Server connection error: " + Upstream.reason(cause));
    }
}
