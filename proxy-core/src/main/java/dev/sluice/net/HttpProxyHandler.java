package dev.sluice.net;

import dev.sluice.Sluice;
import dev.sluice.addon.AddonChain;
import dev.sluice.addon.Hook;
import dev.sluice.flow.Body;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.log.Level;
import dev.sluice.net.http1.BodyChunk;
import dev.sluice.net.http1.BodyEnd;
import dev.sluice.net.http1.DecodeFailure;
import dev.sluice.net.http1.Framing;
import dev.sluice.net.http1.Http1RequestDecoder;
import dev.sluice.net.http1.PrematureClose;
import dev.sluice.net.http1.RequestHead;
import dev.sluice.net.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One client connection speaking HTTP/1, in regular (explicit proxy) mode or inside a CONNECT
 * tunnel: turns each request into a flow, runs the hooks, sends the request upstream unless an
 * addon answered it, and returns the response. Requests are handled strictly one after another
 * (pipelined ones wait in the inbox), and the client is read only when the current state wants
 * more input.
 *
 * <p>In regular mode a CONNECT runs the {@code httpConnect} hook, is answered {@code 200
 * Connection established} and hands the connection to {@link TunnelPipeline}; inside a tunnel
 * (a {@link TunnelDestination} given) origin-form requests go to the tunnel's destination.
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter {

    private final ProxyServer server;
    private final Sluice sluice;
    private final AddonChain chain;
    /** Null in regular mode. */
    private final TunnelDestination tunnel;
    private ChannelHandlerContext ctx;
    private ClientConn client;
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private Exchange ex;
    /**
     * The server connection this client used last, kept for its next request (as mitmproxy ties
     * server connections to the client connection): a keep-alive client then never competes for
     * the shared pool, which only holds a few idle connections per destination.
     */
    private ServerConnection kept;
    private boolean closing;
    /** Inside a read batch from the client: streamed request chunks are flushed once, when it completes. */
    private boolean clientReading;
    /** {@link #drain} is running; {@code drainAgain}: something asked for it meanwhile. */
    private boolean draining;
    private boolean drainAgain;
    private long idleSinceNanos = System.nanoTime();
    private boolean anyRequest;
    private io.netty.util.concurrent.ScheduledFuture<?> timeoutCheck;

    /** security.md §4: a silent new client, a slow request head, an idle keep-alive connection. */
    static final long FIRST_REQUEST_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    static final long HEAD_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    static final long KEEP_ALIVE_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(300);

    /** The state of the request/response pair in progress. */
    private final class Exchange {
        final Flow flow;
        final boolean clientHttp10;
        final boolean clientWantsClose;
        /** How the client delimits the request body. */
        final Framing requestFraming;
        /** Gathers the body; while streaming, holds what arrived before the stream started. */
        BodyGatherer requestBody;
        /** store_streamed_bodies: what a streamed body passed on, kept for the flow. */
        BodyGatherer requestKept;
        BodyGatherer responseKept;
        /** A streamed request whose early part is still being sent from disk: the client is not read meanwhile. */
        boolean requestEarlySending;
        /** A streamed response whose early part is still being sent from disk: what arrives meanwhile waits here. */
        ArrayDeque<Object> responseHeld;
        /** A streamed request (decided in requestHeaders or when the body grew past the threshold). */
        boolean requestStreaming;
        /** The server channel a streamed request body goes to, once its head was sent. */
        Channel requestPipe;
        long requestBytes;
        long responseBytes;
        /** How the server delimits the response body. */
        Framing responseFraming;
        /** A streamed response: the client has its head, and the body goes on as it arrives. */
        boolean responseStreaming;
        /** How the streamed response is delimited towards the client, and its final write. */
        Framing.Kind clientFraming;
        io.netty.channel.ChannelFuture responseEnd;
        boolean requestBodyDone;
        boolean requestHeadersDone;
        boolean requestHookStarted;
        ServerConnection upstream;
        BodyGatherer responseBody;
        boolean responseBodyDone;
        boolean responseHeadersDone;
        boolean responseHookStarted;
        boolean finished;

        Exchange(Flow flow, RequestHead head) {
            this.flow = flow;
            this.clientHttp10 = "HTTP/1.0".equals(head.version());
            this.clientWantsClose = clientHttp10 ? !hasToken(head.headers(), "keep-alive") : hasToken(head.headers(), "close");
            this.requestFraming = head.framing();
        }

        void releaseBuffers() {
            for (BodyGatherer g : new BodyGatherer[] {requestBody, responseBody, requestKept, responseKept}) {
                if (g != null) g.discard();
            }
            requestBody = null;
            responseBody = null;
            requestKept = null;
            responseKept = null;
            if (responseHeld != null) {
                for (Object o : responseHeld) ReferenceCountUtil.release(o);
                responseHeld = null;
            }
        }
    }

    /** Regular mode: the client names the destination of each request. */
    HttpProxyHandler(ProxyServer server) {
        this(server, null);
    }

    /** Inside a tunnel: requests go to its destination. */
    HttpProxyHandler(ProxyServer server, TunnelDestination tunnel) {
        this.server = server;
        this.sluice = server.sluice();
        this.chain = sluice.addons();
        this.tunnel = tunnel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // added behind a session that already started: inside a tunnel
        if (ClientSession.of(ctx.channel()) != null) start(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (this.ctx != null) return;
        this.ctx = ctx;
        client = ClientSession.of(ctx.channel());
        if (tunnel != null) kept = tunnel.takeEstablished(); // made for the tunnel: its first request uses it
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeouts, 10, 10, java.util.concurrent.TimeUnit.SECONDS);
        ctx.read();
    }

    /** Replaced by a tunnel: the timer stops; what was read but not handled went with the tunnel. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeoutCheck != null) timeoutCheck.cancel(false);
        for (Object o : inbox) ReferenceCountUtil.release(o);
        inbox.clear();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbox.add(msg);
        clientReading = true;
        drain();
    }

    /** One flush per read batch, not per chunk: a syscall per chunk is most of a streamed upload's cost. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        clientReading = false;
        flushRequestStream();
        ctx.fireChannelReadComplete();
    }

    /**
     * Handles queued input while the current state accepts it; asks for more when it is all used.
     * Not re-entered: a write can change the server's writability, whose event would otherwise
     * handle the next chunk while the encoder is still in the middle of this one.
     */
    private void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                while (!inbox.isEmpty() && acceptsInput() && !closing) handle(inbox.poll());
                if (!clientReading) flushRequestStream(); // resumed outside a read batch: nothing else flushes
            } while (drainAgain);
        } finally {
            draining = false;
        }
        if (inbox.isEmpty() && acceptsInput() && !closing) ctx.read();
    }

    private void flushRequestStream() {
        if (ex != null && ex.requestPipe != null) ex.requestPipe.flush();
    }

    /** A streamed request body is read only once its server connection is there and can take more. */
    private boolean acceptsInput() {
        if (ex == null) return true;
        if (ex.requestBodyDone) return false;
        if (ex.requestStreaming) {
            return ex.requestPipe != null && !ex.requestEarlySending && ex.requestPipe.isWritable()
                    && (ex.requestKept == null || !ex.requestKept.backlogged());
        }
        return ex.requestBody == null || !ex.requestBody.backlogged(); // the disk takes the body more slowly than it comes
    }

    private void handle(Object msg) {
        if (msg instanceof RequestHead head) {
            startExchange(head);
        } else if (msg instanceof BodyChunk chunk) {
            Exchange e = ex;
            if (e == null || e.requestBody == null && e.requestPipe == null) {
                chunk.release();
                return;
            }
            e.requestBytes += chunk.content().readableBytes();
            if (overLimit(e.requestBytes)) {
                chunk.release();
                failFlow(413, REQUEST_TOO_LARGE);
            } else if (e.requestPipe != null) {
                writeOn(e.flow.request(), chunk.content(), e.requestPipe, e.requestKept); // flushed with the read batch
            } else {
                e.requestBody.add(chunk.content());
                if (e.requestHeadersDone && !e.requestHookStarted && overThreshold(e.requestFraming, e.requestBytes)) startRequestStream(e);
            }
        } else if (msg instanceof BodyEnd end) {
            if (ex == null) return;
            if (!end.trailers().isEmpty()) ex.flow.request().setTrailers(end.trailers());
            ex.requestBodyDone = true;
            if (ex.requestPipe != null) endRequestStream(ex);
            else maybeRunRequestHook();
        } else if (msg instanceof PrematureClose) {
            // the client went away mid-request; channelInactive follows and records it
            ctx.close();
        } else if (msg instanceof DecodeFailure failure) {
            sluice.log().log(Level.WARN, "Client protocol error: " + failure.reason(), client.peerText());
            if (ex != null && ex.flow != null) failFlow(failure.status(), failure.reason());
            else sendErrorAndClose(failure.status(), failure.reason());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startExchange(RequestHead head) {
        anyRequest = true;
        String target = head.target();
        boolean originForm = !head.method().equals("CONNECT") && (target.startsWith("/") || target.equals("*"));
        if (originForm && tunnel == null) {
            sendErrorAndClose(400, "This is a proxy: use it as an HTTP proxy (absolute-form requests or CONNECT)");
            return;
        }
        Request request;
        try {
            request = tunnel == null ? FlowBridge.toRequest(head, "http", null, 80)
                    : FlowBridge.toRequest(head, tunnel.scheme(), tunnel.host(), tunnel.port());
        } catch (IllegalArgumentException e) {
            sendErrorAndClose(400, "Invalid request target " + target + ": " + e.getMessage());
            return;
        }
        double now = Flow.now();
        request.setTimestampStart(now);
        Flow flow = new Flow(client, new ServerConn(request.host(), request.port()), request, true);
        flow.attach(ctx.executor());
        ex = new Exchange(flow, head);
        if (head.method().equals("CONNECT")) {
            startConnect(ex);
            return;
        }
        if (head.framing().hasBody()) ex.requestBody = gatherer(ex, head.framing(), true);
        if (head.framing().kind() == Framing.Kind.LENGTH && overLimit(head.framing().length())) {
            sluice.flows().add(flow);
            failFlow(413, REQUEST_TOO_LARGE);
            return;
        }
        sluice.flows().add(flow);
        Exchange current = ex;
        chain.run(Hook.REQUEST_HEADERS, flow, () -> afterRequestHeaders(current));
    }

    /**
     * Gathers a body by copying each chunk (chunks are slices of whole network buffers, and
     * keeping thousands of tiny slices would keep their buffers alive too), spilling to disk
     * past body_spill_threshold. Reading stops while the disk lags behind and resumes after.
     */
    private BodyGatherer gatherer(Exchange e, Framing framing, boolean request) {
        long expected = framing.kind() == Framing.Kind.LENGTH ? framing.length() : 256;
        return new BodyGatherer(ctx.alloc(), sluice.bodies(), expected, ctx.executor(),
                () -> resumeReading(e, request),
                reason -> {
                    if (e == ex && !e.finished) failFlow(request ? 413 : 502, "Could not store body: " + reason);
                });
    }

    /** The disk (or the client) caught up: the side that was held back is read again. */
    private void resumeReading(Exchange e, boolean request) {
        if (e != ex || e.finished) return;
        if (request) {
            drain();
        } else if (e.upstream != null && e.responseHeld == null && ctx.channel().isWritable()
                && (e.responseBody == null || !e.responseBody.backlogged())
                && (e.responseKept == null || !e.responseKept.backlogged())) {
            e.upstream.channel().config().setAutoRead(true);
        }
    }

    /** store_streamed_bodies: a gatherer for what a streamed message passes on, or null when off. */
    private BodyGatherer keeper(Exchange e, boolean request) {
        return dev.sluice.addons.StreamLargeBodies.storeStreamed(sluice.options()) ? gatherer(e, Framing.NONE, request) : null;
    }

    // ---- limits and streaming (features.md §14) ----

    private static final String REQUEST_TOO_LARGE = "Request body exceeds Sluice's body_size_limit.";
    private static final String RESPONSE_TOO_LARGE = "Response body exceeds Sluice's body_size_limit.";

    private boolean overLimit(long bodyBytes) {
        Long limit = sluice.options().has("body_size_limit") ? sluice.options().number("body_size_limit") : null;
        return limit != null && bodyBytes > limit;
    }

    /** The late decision: a body of unknown size whose buffered part grew past stream_large_bodies. */
    private boolean overThreshold(Framing framing, long buffered) {
        long threshold = dev.sluice.addons.StreamLargeBodies.threshold(sluice.options());
        return threshold >= 0 && framing.kind() != Framing.Kind.LENGTH && buffered > threshold;
    }

    /** Whether a message with this framing goes on in chunks: marked in its headers hooks, or grown past the threshold. */
    private boolean streams(dev.sluice.flow.Message m, Framing framing, long buffered) {
        if (!framing.hasBody()) {
            m.setStreamed(false);
            return false;
        }
        if (overThreshold(framing, buffered)) m.setStreamed(true);
        return m.isStreamed();
    }

    /** Sends one chunk of a streamed body on (through its transform); the chunk is consumed. */
    private void streamOn(dev.sluice.flow.Message m, ByteBuf chunk, io.netty.channel.ChannelOutboundInvoker to, BodyGatherer kept) {
        if (writeOn(m, chunk, to, kept)) to.flush();
    }

    /** {@link #streamOn} without the flush, for chunks of one read batch; true when something was written. */
    private boolean writeOn(dev.sluice.flow.Message m, ByteBuf chunk, io.netty.channel.ChannelOutboundInvoker to, BodyGatherer kept) {
        BodyChunk out = passOn(m, chunk, kept);
        if (out != null) to.write(out);
        return out != null;
    }

    /** A chunk of a streamed body as it goes on (null: nothing to send); what passes is kept when asked. */
    private BodyChunk passOn(dev.sluice.flow.Message m, ByteBuf chunk, BodyGatherer kept) {
        BodyChunk out;
        try {
            out = FlowBridge.passChunk(m, chunk);
        } catch (RuntimeException failure) {
            failFlow(502, "Stream transform failed: " + failure);
            return null;
        }
        if (out != null && kept != null) kept.add(out.content().retainedDuplicate());
        return out;
    }

    /**
     * The early part of a streamed body that went to disk before the stream started: sent from
     * the file through the same transform and keeper as the rest, then {@code then} runs.
     */
    private void streamEarlyFromDisk(Exchange e, dev.sluice.flow.Message m, BodyGatherer early, io.netty.channel.ChannelOutboundInvoker to,
                                     BodyGatherer kept, Runnable then) {
        early.finish(body -> {
            if (e != ex || e.finished) {
                body.release();
                return;
            }
            BodySender.send(body, to, ctx.executor(), sluice.bodies().io(), chunk -> passOn(m, chunk, kept)).addListener(f -> {
                body.release();
                if (e != ex || e.finished) return;
                if (f.isSuccess()) then.run();
                else failFlow(502, "Could not read body: " + Upstream.reason(f.cause()));
            });
        });
    }

    /** store_streamed_bodies: the kept body joins the message once it is complete, then {@code then} runs. */
    private void keepStreamed(Exchange e, dev.sluice.flow.Message m, BodyGatherer kept, Runnable then) {
        if (kept == null) {
            then.run();
            return;
        }
        kept.finish(body -> {
            if (e.finished) {
                body.release();
                return;
            }
            m.setBody(body);
            then.run();
        });
    }

    /** Ends a streamed body: what the transform still has, then the end with the trailers. */
    private io.netty.channel.ChannelFuture endStream(dev.sluice.flow.Message m, long bytes, io.netty.channel.ChannelOutboundInvoker to) {
        BodyChunk last = FlowBridge.passEnd(m);
        if (last != null) to.write(last);
        m.setBody(null);
        m.setStreamedSize(bytes);
        m.setTimestampEnd(Flow.now());
        return to.writeAndFlush(new BodyEnd(m.trailers() == null ? new Headers() : m.trailers()));
    }

    /**
     * A streamed request: the request hook runs on the head alone (the body is absent), then the
     * head goes upstream and the body follows as it arrives ({@link #writeRequest}).
     */
    private void startRequestStream(Exchange e) {
        Request r = e.flow.request();
        r.setStreamed(true);
        r.setBody(null);
        e.requestStreaming = true;
        e.requestKept = keeper(e, true);
        e.requestHookStarted = true;
        sluice.log().log(Level.INFO, "Streaming request to " + r.host() + ".", client.peerText());
        chain.run(Hook.REQUEST, e.flow, () -> afterRequest(e));
    }

    /** features.md §14: streaming is decided in the headers hooks; set later, it changes nothing. */
    private void tooLateToStream(dev.sluice.flow.Message m, String hook) {
        if (!m.isStreamed()) return;
        m.setStreamTransform(null);
        m.setStreamed(false);
        sluice.log().warn("Setting stream in the " + hook + " hook has no effect: set it in " + hook + "Headers.");
    }

    private void endRequestStream(Exchange e) {
        endStream(e.flow.request(), e.requestBytes, e.requestPipe);
        if (e.upstream != null) e.upstream.awaitResponse(timeoutSeconds());
        keepStreamed(e, e.flow.request(), e.requestKept, () -> sluice.flows().update(e.flow));
    }

    private void afterRequestHeaders(Exchange e) {
        if (e != ex || e.finished) return;
        Flow flow = e.flow;
        if (flow.isKilled()) {
            killFlow(e);
            return;
        }
        e.requestHeadersDone = true;
        if (flow.response() != null) {
            // answered from the head alone (e.g. 407): no request hook, and the body is read and discarded, never streamed
            e.requestHookStarted = true;
            if (e.requestBody != null) e.requestBody.discard();
            e.requestBody = null;
            endUnreadBody(e);
            respondFromAddon(e);
            return;
        }
        if (streams(flow.request(), e.requestFraming, e.requestBytes)) {
            startRequestStream(e); // an Expect header goes on: the server's interim answer is relayed
            return;
        }
        Headers h = flow.request().headers();
        if (!e.requestBodyDone && "100-continue".equalsIgnoreCase(String.valueOf(h.get("expect")))) {
            // the body is gathered here before the origin is asked, so the proxy gives the go-ahead itself
            h.remove("expect");
            ctx.writeAndFlush(new ResponseHead("HTTP/1.1", 100, "Continue", new Headers(), Framing.NONE));
            ctx.writeAndFlush(new BodyEnd(new Headers()));
        }
        maybeRunRequestHook();
    }

    private void maybeRunRequestHook() {
        Exchange e = ex;
        if (e == null || !e.requestHeadersDone || !e.requestBodyDone || e.requestHookStarted) return;
        e.requestHookStarted = true;
        completeGathered(e, e.flow.request(), e.requestBody, () -> chain.run(Hook.REQUEST, e.flow, () -> afterRequest(e)));
    }

    /** A gathered body, once on the heap or finished on disk, completes its message; then {@code then} runs. */
    private void completeGathered(Exchange e, dev.sluice.flow.Message m, BodyGatherer gathered, Runnable then) {
        if (gathered == null) {
            FlowBridge.completeBody(m, Body.EMPTY);
            then.run();
            return;
        }
        gathered.finish(body -> {
            if (e != ex || e.finished) {
                body.release();
                return;
            }
            FlowBridge.completeBody(m, body);
            then.run();
        });
    }

    private void afterRequest(Exchange e) {
        if (e != ex || e.finished) return;
        if (!e.requestStreaming) tooLateToStream(e.flow.request(), "request");
        if (e.flow.isKilled()) {
            killFlow(e);
        } else if (e.flow.response() != null) {
            endUnreadBody(e);
            respondFromAddon(e);
        } else {
            sendUpstream(e);
        }
    }

    /**
     * A request answered locally before its body was read: the body is read and discarded as it
     * comes, and the connection goes on. A client told to wait for {@code 100 Continue} may never
     * send it, though: then the connection ends after the answer.
     */
    private void endUnreadBody(Exchange e) {
        if (e.requestBodyDone || !"100-continue".equalsIgnoreCase(String.valueOf(e.flow.request().headers().get("expect")))) return;
        e.requestBodyDone = true;
        closing = true;
    }

    // ---- CONNECT ----

    /** The httpConnect hook may answer (407) or kill the CONNECT; otherwise the tunnel opens (tls.md §4). */
    private void startConnect(Exchange e) {
        e.requestBodyDone = true;
        if (tunnel != null) {
            failFlow(400, "CONNECT inside a tunnel is not supported.");
            return;
        }
        chain.run(Hook.HTTP_CONNECT, e.flow, () -> afterConnectHook(e));
    }

    private void afterConnectHook(Exchange e) {
        if (e != ex || e.finished) return;
        Flow flow = e.flow;
        if (flow.isKilled()) {
            killFlow(e);
            return;
        }
        Response answer = flow.response();
        if (answer != null && answer.statusCode() / 100 != 2) {
            // refused (e.g. 407): no tunnel, and the connection speaks HTTP again so the client can retry on it
            ctx.pipeline().get(Http1RequestDecoder.class).resumeHttp();
            sluice.flows().add(flow);
            respondFromAddon(e);
            return;
        }
        Request r = flow.request();
        if (answer != null || !server.tls().connectsEagerly()) {
            // lazy, or accepted by an addon (the install page): no server connection until a request needs one
            openTunnel(e, null);
            return;
        }
        server.upstream().open(r.host(), r.port(), ctx.channel().eventLoop(), new Upstream.TcpCallback() {
            @Override
            public void connected(Channel serverChannel, ServerConn info) {
                if (e != ex || e.finished) {
                    serverChannel.close();
                    return;
                }
                flow.setServer(info);
                openTunnel(e, serverChannel);
            }

            @Override
            public void failed(int status, String message) {
                if (e == ex && !e.finished) connectFailed(e, status, message);
            }
        });
    }

    /** security.md §1: unlike other failures, a failed CONNECT keeps its error page as its response. */
    private void connectFailed(Exchange e, int status, String message) {
        e.flow.setResponse(ErrorPages.make(status, message));
        e.flow.setError(FlowError.now(message));
        sluice.flows().add(e.flow);
        respondFromAddon(e);
    }

    /** {@code 200 Connection established} (the request's version, no headers), then the tunnel takes the connection. */
    private void openTunnel(Exchange e, Channel serverChannel) {
        Request r = e.flow.request();
        ctx.write(new ResponseHead(r.httpVersion(), 200, "Connection established", new Headers(), Framing.NONE));
        ctx.writeAndFlush(new BodyEnd(new Headers()));
        finish(e);
        // bytes sent right behind the CONNECT belong to the tunnel (security.md §4); the CONNECT's own end does not
        List<Object> early = new ArrayList<>();
        for (Object o : inbox) {
            if (o instanceof ByteBuf) early.add(o);
            else ReferenceCountUtil.release(o);
        }
        inbox.clear();
        Tunnel opened = new Tunnel(server, ctx.channel(), client, r.host(), r.port(), serverChannel,
                serverChannel == null ? null : e.flow.server());
        TunnelPipeline.afterConnect(ctx, opened, early);
    }

    // ---- upstream ----

    private void sendUpstream(Exchange e) {
        Flow flow = e.flow;
        sluice.flows().update(flow);
        String refusal = tunnel == null ? null : tunnel.refusal();
        if (refusal != null) {
            failFlow(502, refusal);
            return;
        }
        String serverName = tunnel == null ? null : tunnel.serverNameFor(flow.request());
        ServerConnection mine = kept;
        kept = null;
        if (mine != null) {
            if (mine.isReusable() && mine.poolKey().equals(server.upstream().poolKey(flow.request(), serverName))) {
                e.upstream = mine;
                flow.setServer(mine.info());
                writeRequest(e, mine);
                return;
            }
            server.upstream().release(mine);
        }
        server.upstream().acquire(flow, serverName, ctx.channel().eventLoop(), new Upstream.ConnectCallback() {
            @Override
            public void connected(ServerConnection connection, boolean reused) {
                if (e != ex || e.finished) {
                    server.upstream().release(connection);
                    return;
                }
                e.upstream = connection;
                flow.setServer(connection.info());
                writeRequest(e, connection);
            }

            @Override
            public void failed(int status, String message) {
                if (e == ex && !e.finished) failFlow(status, message);
            }
        });
    }

    private void writeRequest(Exchange e, ServerConnection connection) {
        Request r = e.flow.request();
        if (!e.requestStreaming) {
            connection.send(r, new ResponseSide(e), timeoutSeconds(), sluice.bodies().io());
            return;
        }
        connection.sendHead(FlowBridge.toStreamedOriginHead(r, e.requestFraming), new ResponseSide(e));
        e.requestPipe = connection.channel();
        BodyGatherer early = e.requestBody;
        e.requestBody = null;
        Runnable rest = () -> {
            if (e.requestBodyDone) endRequestStream(e);
            else drain();
        };
        if (early != null && early.spilled()) {
            e.requestEarlySending = true;
            streamEarlyFromDisk(e, r, early, e.requestPipe, e.requestKept, () -> {
                e.requestEarlySending = false;
                rest.run();
            });
            return;
        }
        ByteBuf heap = early == null ? null : early.takeHeap();
        if (heap != null && heap.isReadable()) streamOn(r, heap, e.requestPipe, e.requestKept);
        else if (heap != null) heap.release();
        rest.run();
    }

    private long timeoutSeconds() {
        return sluice.options().has("server_response_timeout") ? sluice.options().integer("server_response_timeout") : 300;
    }

    /** Receives the origin's answer for one exchange. */
    private final class ResponseSide implements UpstreamListener {
        private final Exchange e;

        ResponseSide(Exchange e) {
            this.e = e;
        }

        private boolean stale() {
            return e != ex || e.finished;
        }

        @Override
        public void onInterim(ResponseHead head) {
            if (stale()) return;
            ctx.write(head);
            ctx.writeAndFlush(new BodyEnd(new Headers()));
        }

        @Override
        public void onHead(ResponseHead head) {
            if (stale()) return;
            Response response = FlowBridge.toResponse(head);
            response.setTimestampStart(Flow.now());
            e.flow.setResponse(response);
            e.responseFraming = head.framing();
            if (head.framing().kind() == Framing.Kind.LENGTH && overLimit(head.framing().length())) {
                failFlow(502, RESPONSE_TOO_LARGE); // not read at all; the server connection is closed
                return;
            }
            if (head.framing().hasBody()) e.responseBody = gatherer(e, head.framing(), false);
            chain.run(Hook.RESPONSE_HEADERS, e.flow, () -> {
                if (stale()) return;
                if (e.flow.isKilled()) {
                    killFlow(e);
                    return;
                }
                e.responseHeadersDone = true;
                if (streams(e.flow.response(), e.responseFraming, e.responseBytes)) startResponseStream(e);
                else maybeRunResponseHook(e);
            });
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            if (stale() || e.responseBody == null && !e.responseStreaming) {
                chunk.release();
                return;
            }
            e.responseBytes += chunk.readableBytes();
            if (overLimit(e.responseBytes)) {
                chunk.release();
                failFlow(502, RESPONSE_TOO_LARGE);
            } else if (e.responseHeld != null) {
                e.responseHeld.add(chunk); // behind the early part, still on its way from disk
            } else if (e.responseStreaming) {
                writeOn(e.flow.response(), chunk, ctx, e.responseKept); // flushed with the read batch (onReadComplete)
                // a slow client (or disk, when keeping the body): stop reading the server until it caught up
                boolean slow = !ctx.channel().isWritable() || e.responseKept != null && e.responseKept.backlogged();
                if (slow && e.upstream != null) e.upstream.channel().config().setAutoRead(false);
            } else {
                e.responseBody.add(chunk);
                if (e.responseBody.backlogged() && e.upstream != null) e.upstream.channel().config().setAutoRead(false);
                if (e.responseHeadersDone && overThreshold(e.responseFraming, e.responseBytes)) {
                    e.flow.response().setStreamed(true);
                    startResponseStream(e);
                }
            }
        }

        @Override
        public void onEnd(Headers trailers) {
            if (stale()) return;
            if (!trailers.isEmpty()) e.flow.response().setTrailers(trailers);
            e.responseBodyDone = true;
            if (e.responseHeld != null) e.responseHeld.add((Runnable) () -> endResponseStream(e));
            else if (e.responseStreaming) endResponseStream(e);
            else maybeRunResponseHook(e);
        }

        @Override
        public void onWritabilityChanged() {
            // only on writable: going unwritable happens inside a write, which must finish before the next one
            if (!stale() && e.requestPipe != null && e.requestPipe.isWritable()) drain();
        }

        @Override
        public void onReadComplete() {
            if (!stale() && e.responseStreaming) ctx.flush();
        }

        @Override
        public void onFailure(int status, String message) {
            if (stale()) return;
            e.upstream = null;
            failFlow(status, message);
        }
    }

    private void maybeRunResponseHook(Exchange e) {
        if (!e.responseHeadersDone || !e.responseBodyDone || e.responseHookStarted) return;
        e.responseHookStarted = true;
        completeGathered(e, e.flow.response(), e.responseBody, () -> runResponseHook(e));
    }

    /**
     * A streamed response: the client gets the head now, then what was buffered, then each chunk
     * as it arrives; the response hook runs once the body has passed.
     */
    private void startResponseStream(Exchange e) {
        Response r = e.flow.response();
        e.responseStreaming = true;
        sluice.log().log(Level.INFO, "Streaming response from " + e.flow.request().host() + ".", client.peerText());
        ResponseHead head = FlowBridge.toStreamedClientHead(r, e.responseFraming, e.clientHttp10);
        e.clientFraming = head.framing().kind();
        e.responseKept = keeper(e, false);
        ctx.write(head);
        BodyGatherer early = e.responseBody;
        e.responseBody = null;
        if (early != null && early.spilled()) {
            // what arrives while the early part comes from disk waits behind it, in order
            e.responseHeld = new ArrayDeque<>();
            if (e.responseBodyDone) e.responseHeld.add((Runnable) () -> endResponseStream(e));
            if (e.upstream != null) e.upstream.channel().config().setAutoRead(false);
            ctx.flush();
            streamEarlyFromDisk(e, r, early, ctx, e.responseKept, () -> releaseHeld(e));
            return;
        }
        ByteBuf heap = early == null ? null : early.takeHeap();
        if (heap != null && heap.isReadable()) streamOn(r, heap, ctx, e.responseKept);
        else {
            if (heap != null) heap.release();
            ctx.flush();
        }
        if (e.responseBodyDone) endResponseStream(e);
    }

    /** The early part has been sent: what waited behind it goes on, then the server is read again. */
    private void releaseHeld(Exchange e) {
        ArrayDeque<Object> held = e.responseHeld;
        e.responseHeld = null;
        for (Object o = held.poll(); o != null; o = held.poll()) {
            if (o instanceof ByteBuf chunk) streamOn(e.flow.response(), chunk, ctx, e.responseKept);
            else ((Runnable) o).run();
        }
        resumeReading(e, false);
    }

    private void endResponseStream(Exchange e) {
        e.responseEnd = endStream(e.flow.response(), e.responseBytes, ctx);
        e.responseHookStarted = true;
        keepStreamed(e, e.flow.response(), e.responseKept, () -> runResponseHook(e));
    }

    private void runResponseHook(Exchange e) {
        e.responseHookStarted = true;
        if (e.upstream != null) {
            // a server that answered before the streamed request body was all sent: its connection is done
            if (e.requestPipe != null && !e.requestBodyDone) {
                e.upstream.markBroken();
                e.requestBodyDone = true;
                closing = true;
            }
            keep(e.upstream);
            e.upstream = null;
        }
        chain.run(Hook.RESPONSE, e.flow, () -> afterResponse(e));
    }

    /** The client can take more: the server of a streamed response is read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Exchange e = ex;
        if (e != null && e.upstream != null && ctx.channel().isWritable()) resumeReading(e, false);
        super.channelWritabilityChanged(ctx);
    }

    private void keep(ServerConnection connection) {
        connection.channel().config().setAutoRead(true);
        if (!connection.isReusable()) {
            connection.channel().close();
            return;
        }
        connection.markIdle(Upstream.IDLE_NANOS);
        if (closing) server.upstream().release(connection);
        else kept = connection;
    }

    /** A response set by an addon still passes the response hooks (so modify_headers etc. apply). */
    private void respondFromAddon(Exchange e) {
        Flow flow = e.flow;
        chain.run(Hook.RESPONSE_HEADERS, flow, () -> {
            if (e != ex || e.finished) return;
            if (flow.isKilled()) {
                killFlow(e);
                return;
            }
            e.responseHookStarted = true;
            chain.run(Hook.RESPONSE, flow, () -> afterResponse(e));
        });
    }

    private void afterResponse(Exchange e) {
        if (e != ex || e.finished) return;
        Flow flow = e.flow;
        if (flow.isKilled()) {
            killFlow(e);
            return;
        }
        Response response = flow.response();
        if (!e.responseStreaming) tooLateToStream(response, "response");
        flow.setResponseComplete(true);
        sluice.flows().update(flow);
        if (e.responseStreaming) {
            endExchange(e, e.responseEnd, e.clientFraming);
            return;
        }
        ResponseHead head = FlowBridge.toClientHead(response, flow.request().method(), e.clientHttp10);
        ctx.write(head);
        Body body = response.body();
        Headers trailers = response.trailers() == null ? new Headers() : response.trailers();
        if (head.framing().hasBody() && body != null && !body.inMemory()) {
            // from disk, chunk by chunk as the client takes them; the next request waits until it has all
            BodySender.send(body, ctx, ctx.executor(), sluice.bodies().io()).addListener(f -> {
                if (e.finished) return;
                if (f.isSuccess()) {
                    endExchange(e, ctx.writeAndFlush(new BodyEnd(trailers)), head.framing().kind());
                } else {
                    e.flow.setError(FlowError.now("Could not send body: " + Upstream.reason(f.cause())));
                    closing = true;
                    runErrorHook(e, ctx::close);
                }
            });
            return;
        }
        if (head.framing().hasBody() && body != null && body.size() > 0) {
            ctx.write(new BodyChunk(Unpooled.wrappedBuffer(body.bytes())));
        }
        endExchange(e, ctx.writeAndFlush(new BodyEnd(trailers)), head.framing().kind());
    }

    /** The response has been written: the connection closes, or the next request is read. */
    private void endExchange(Exchange e, io.netty.channel.ChannelFuture written, Framing.Kind framing) {
        Response response = e.flow.response();
        boolean close = closing || e.clientWantsClose || hasToken(response.headers(), "close")
                || framing == Framing.Kind.UNTIL_CLOSE
                // an HTTP/1.0 answer ends its connection unless it says keep-alive; the client expects that
                || "HTTP/1.0".equals(response.httpVersion()) && !hasToken(response.headers(), "keep-alive");
        finish(e);
        sluice.flows().settled(e.flow); // every hook has run and the response is written (or shares the file)
        if (close) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            drain();
        }
    }

    // ---- failures ----

    private void failFlow(int status, String message) {
        Exchange e = ex;
        if (e == null) {
            sendErrorAndClose(status, message);
            return;
        }
        if (e.upstream != null) {
            e.upstream.abort();
            e.upstream = null;
        }
        e.flow.setError(FlowError.now(message));
        closing = true;
        boolean bodyUnread = !e.requestBodyDone;
        // a streamed response already under way cannot be answered again: the client connection is aborted
        runErrorHook(e, e.responseStreaming ? ctx::close : () -> sendErrorAndClose(status, message, bodyUnread));
    }

    /** A killed flow gets no response: the client connection is closed once the error hook has run. */
    private void killFlow(Exchange e) {
        if (e.upstream != null) {
            e.upstream.abort();
            e.upstream = null;
        }
        closing = true;
        runErrorHook(e, ctx::close);
    }

    private void runErrorHook(Exchange e, Runnable then) {
        finish(e);
        sluice.flows().update(e.flow);
        chain.run(Hook.ERROR, e.flow, () -> {
            sluice.flows().settled(e.flow);
            then.run();
        });
    }

    private void finish(Exchange e) {
        idleSinceNanos = System.nanoTime();
        e.finished = true;
        e.releaseBuffers();
        if (ex == e) ex = null;
    }

    private void sendErrorAndClose(int status, String message) {
        sendErrorAndClose(status, message, false);
    }

    /**
     * With the client still sending a body (a 413), closing at once would reset the connection
     * and lose the answer: the proxy then only shuts its side, discards what still comes, and
     * closes when the client does (or after a few seconds).
     */
    private void sendErrorAndClose(int status, String message, boolean bodyUnread) {
        closing = true;
        Response page = ErrorPages.make(status, message);
        ctx.write(FlowBridge.toClientHead(page, "GET", false));
        ctx.write(new BodyChunk(Unpooled.wrappedBuffer(page.body().bytes())));
        var written = ctx.writeAndFlush(new BodyEnd(new Headers()));
        if (!bodyUnread || tunnel != null || !(ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket)) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        written.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            socket.shutdownOutput();
            socket.config().setAutoRead(true);
            ctx.executor().schedule(() -> ctx.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
        });
    }

    // ---- connection end ----

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        if (timeoutCheck != null) timeoutCheck.cancel(false);
        for (Object o : inbox) ReferenceCountUtil.release(o);
        inbox.clear();
        Exchange e = ex;
        if (e != null && !e.finished) {
            if (e.upstream != null) {
                e.upstream.abort();
                e.upstream = null;
            }
            if (e.flow.error() == null) {
                e.flow.abandon(FlowError.CLIENT_DISCONNECTED);
                runErrorHook(e, () -> {
                });
            } else {
                finish(e);
            }
        }
        if (kept != null) {
            // a tunnel's server connection that never carried a request ends with its client (as in mitmproxy)
            if (anyRequest) server.upstream().release(kept);
            else kept.abort();
            kept = null;
        }
        super.channelInactive(ctx);
    }

    /**
     * Runs every 10 s while no request is in progress (a request waiting for its server or for a
     * person has its own timeouts, or none): a head started 60 s ago and still incomplete gets
     * 408; a client that never sent a request for 60 s, or stayed idle 300 s between requests, is
     * closed silently.
     */
    private void checkTimeouts() {
        if (ex != null || closing) return;
        long now = System.nanoTime();
        Http1RequestDecoder decoder = ctx.pipeline().get(Http1RequestDecoder.class);
        long headStart = decoder == null ? -1 : decoder.headStartNanos();
        if (headStart >= 0 && now - headStart >= HEAD_TIMEOUT_NANOS && now - idleSinceNanos >= HEAD_TIMEOUT_NANOS) {
            sluice.log().log(Level.WARN, "Request head not complete within 60 s", client.peerText());
            sendErrorAndClose(408, "Request head not complete within 60 s.");
        } else if (now - idleSinceNanos >= (anyRequest ? KEEP_ALIVE_TIMEOUT_NANOS : FIRST_REQUEST_TIMEOUT_NANOS)) {
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        sluice.log().log(Level.WARN, "Client connection error: " + Upstream.reason(cause), client == null ? null : client.peerText());
        ctx.close();
    }

    /** Whether a Connection header lists the token. */
    private static boolean hasToken(Headers h, String token) {
        for (String v : h.getAll("connection")) {
            for (String part : v.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) return true;
            }
        }
        return false;
    }
}
