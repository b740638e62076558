package dev.sluice.net;

import dev.sluice.Sluice;
import dev.sluice.addons.TlsConfig;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import dev.sluice.net.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import dev.sluice.net.http1.Framing;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Sends a replayed request upstream and gathers its response (features.md §4, execution): each
 * request on a new connection of its own, never pooled with live traffic, closed after the
 * exchange; TLS when the scheme is https, through {@link Upstream}'s TLS path. All of client
 * replay's network code is here; the hooks are run by the ClientReplay addon.
 */
public final class ReplaySender implements AutoCloseable {

    /** The outcome of one exchange, called on {@link #executor()}. */
    public interface Callback {
        void response(Response response);

        void failed(String message);
    }

    private final Sluice sluice;
    private EventLoopGroup group;
    private EventLoop loop;
    private Upstream upstream;

    public ReplaySender(Sluice sluice) {
        this.sluice = sluice;
    }

    /** The event loop replayed flows run on (their hooks too); started on first use. */
    public synchronized Executor executor() {
        if (group == null) {
            group = Transport.newGroup(1, "sluice-replay");
            loop = group.next();
            TlsConfig tls = sluice.addons().find(TlsConfig.class);
            if (tls == null) throw new IllegalStateException("client replay needs the TlsConfig addon in the chain");
            // its pool stays empty: nothing is released to it
            upstream = new Upstream(sluice.workers(), Set::of, tls::upstream, sluice.log());
        }
        return loop;
    }

    /** Connects afresh and sends the flow's request as it stands; call on {@link #executor()}. */
    public void send(Flow flow, Callback callback) {
        executor();
        // as the original: the SNI the client sent, or the request's host
        upstream.acquire(flow, flow.client() == null ? null : flow.client().sni(), loop, new Upstream.ConnectCallback() {
            @Override
            public void connected(ServerConnection connection, boolean reused) {
                flow.setServer(connection.info());
                connection.send(onTheWire(flow.request()), new Gatherer(flow, connection, callback), timeoutSeconds(), sluice.bodies().io());
            }

            @Override
            public void failed(int status, String message) {
                callback.failed(message);
            }
        });
    }

    /**
     * The request as sent: as recorded, except that one recorded over HTTP/2 goes as HTTP/1.1
     * (this connection speaks HTTP/1), with a Host header from its authority when it has none.
     */
    static dev.sluice.flow.Request onTheWire(dev.sluice.flow.Request recorded) {
        if (recorded.isHttp1()) return recorded;
        dev.sluice.flow.Request r = recorded.copy();
        String authority = r.headers().get(":authority");
        r.downgradeToHttp1();
        if (!r.headers().contains("host")) {
            r.headers().add("Host", authority != null ? authority : new dev.sluice.flow.Url(r.scheme(), r.host(), r.port(), "/").authority());
        }
        return r;
    }

    private long timeoutSeconds() {
        return sluice.options().has("server_response_timeout") ? sluice.options().integer("server_response_timeout") : 300;
    }

    private Long bodyLimit() {
        return sluice.options().has("body_size_limit") ? sluice.options().number("body_size_limit") : null;
    }

    /** Gathers one response, then closes the connection. */
    private final class Gatherer implements UpstreamListener {
        private final Flow flow;
        private final ServerConnection connection;
        private final Callback callback;
        private Response response;
        private BodyGatherer body;
        private long size;
        private boolean answered;
        private boolean done;

        Gatherer(Flow flow, ServerConnection connection, Callback callback) {
            this.flow = flow;
            this.connection = connection;
            this.callback = callback;
        }

        @Override
        public void onInterim(ResponseHead head) {
        }

        @Override
        public void onHead(ResponseHead head) {
            response = FlowBridge.toResponse(head);
            response.setTimestampStart(Flow.now());
            // beyond body_spill_threshold the body goes to disk; reading waits while the disk lags behind
            body = new BodyGatherer(connection.channel().alloc(), sluice.bodies(), head.framing().kind() == Framing.Kind.LENGTH ? head.framing().length() : 256,
                    loop, () -> connection.channel().config().setAutoRead(true), reason -> {
                        done = true;
                        connection.abort();
                        answer(null, "Could not store body: " + reason);
                    });
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            if (done || body == null) {
                chunk.release();
                return;
            }
            size += chunk.readableBytes();
            body.add(chunk);
            Long limit = bodyLimit();
            if (limit != null && size > limit) fail("Response body exceeds Sluice's body_size_limit.");
            else if (body.backlogged()) connection.channel().config().setAutoRead(false);
        }

        @Override
        public void onEnd(Headers trailers) {
            if (done) return;
            done = true;
            if (!trailers.isEmpty()) response.setTrailers(trailers);
            connection.abort();
            BodyGatherer gathered = body;
            body = null;
            if (gathered == null) {
                FlowBridge.completeBody(response, dev.sluice.flow.Body.EMPTY);
                answer(response, null);
                return;
            }
            gathered.finish(complete -> {
                FlowBridge.completeBody(response, complete);
                answer(response, null);
            });
        }

        /** The callback hears once: the response, or why there is none. */
        private void answer(Response complete, String failure) {
            if (answered) return;
            answered = true;
            if (failure == null) callback.response(complete);
            else callback.failed(failure);
        }

        @Override
        public void onFailure(int status, String message) {
            fail(message);
        }

        private void fail(String message) {
            if (done) return;
            done = true;
            release();
            connection.abort();
            answer(null, message);
        }

        private void release() {
            if (body != null) body.discard();
            body = null;
        }
    }

    @Override
    public synchronized void close() {
        if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        group = null;
    }
}
