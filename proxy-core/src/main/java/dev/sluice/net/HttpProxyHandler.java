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
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One client connection in regular (explicit proxy) mode: turns each request into a flow, runs
 * the hooks, sends the request upstream unless an addon answered it, and returns the response.
 * Requests are handled strictly one after another (pipelined ones wait in the inbox), and the
 * client is read only when the current state wants more input.
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter {

    private final ProxyServer server;
    private final Sluice sluice;
    private final AddonChain chain;
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
        ByteBuf requestBody;
        boolean requestBodyDone;
        boolean requestHeadersDone;
        boolean requestHookStarted;
        ServerConnection upstream;
        ByteBuf responseBody;
        boolean responseBodyDone;
        boolean responseHeadersDone;
        boolean responseHookStarted;
        boolean finished;

        Exchange(Flow flow, RequestHead head) {
            this.flow = flow;
            this.clientHttp10 = "HTTP/1.0".equals(head.version());
            this.clientWantsClose = clientHttp10 ? !hasToken(head.headers(), "keep-alive") : hasToken(head.headers(), "close");
        }

        void releaseBuffers() {
            if (requestBody != null) requestBody.release();
            if (responseBody != null) responseBody.release();
            requestBody = null;
            responseBody = null;
        }
    }

    HttpProxyHandler(ProxyServer server) {
        this.server = server;
        this.sluice = server.sluice();
        this.chain = sluice.addons();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        client = new ClientConn((InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
        chain.clientConnected(client);
        if (client.isRefused()) {
            ctx.close();
            return;
        }
        sluice.log().log(Level.DEBUG, "client connect", client.peerText());
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeouts, 10, 10, java.util.concurrent.TimeUnit.SECONDS);
        super.channelActive(ctx);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbox.add(msg);
        drain();
    }

    /** Handles queued input while the current state accepts it; asks for more when it is all used. */
    private void drain() {
        while (!inbox.isEmpty() && acceptsInput() && !closing) handle(inbox.poll());
        if (inbox.isEmpty() && acceptsInput() && !closing) ctx.read();
    }

    private boolean acceptsInput() {
        return ex == null || !ex.requestBodyDone;
    }

    private void handle(Object msg) {
        if (msg instanceof RequestHead head) {
            startExchange(head);
        } else if (msg instanceof BodyChunk chunk) {
            if (ex == null || ex.requestBody == null) {
                chunk.release();
                return;
            }
            ex.requestBody.writeBytes(chunk.content());
            chunk.release();
            Long limit = sluice.options().has("body_size_limit") ? sluice.options().number("body_size_limit") : null;
            if (limit != null && ex.requestBody.readableBytes() > limit) {
                failFlow(413, "Request body larger than body_size_limit (" + limit + " bytes).");
            }
        } else if (msg instanceof BodyEnd end) {
            if (ex == null) return;
            if (!end.trailers().isEmpty()) ex.flow.request().setTrailers(end.trailers());
            ex.requestBodyDone = true;
            maybeRunRequestHook();
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
        if (!head.method().equals("CONNECT") && (target.startsWith("/") || target.equals("*"))) {
            sendErrorAndClose(400, "This is a proxy: use it as an HTTP proxy (absolute-form requests or CONNECT)");
            return;
        }
        Request request;
        try {
            request = FlowBridge.toRequest(head, "http", null, 80);
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
            // CONNECT tunnels arrive with the HTTPS issue; until then they are refused clearly.
            ex.requestBodyDone = true;
            failFlow(501, "CONNECT is not supported yet.");
            return;
        }
        if (head.framing().hasBody()) ex.requestBody = bodyBuffer(head.framing());
        Long limit = sluice.options().has("body_size_limit") ? sluice.options().number("body_size_limit") : null;
        if (limit != null && head.framing().kind() == Framing.Kind.LENGTH && head.framing().length() > limit) {
            sluice.flows().add(flow);
            failFlow(413, "Request body larger than body_size_limit (" + limit + " bytes).");
            return;
        }
        sluice.flows().add(flow);
        Exchange current = ex;
        chain.run(Hook.REQUEST_HEADERS, flow, () -> afterRequestHeaders(current));
    }

    /**
     * A buffer that gathers a body by copying each chunk: chunks are slices of whole network
     * buffers, and keeping thousands of tiny slices would keep their buffers alive too.
     */
    private ByteBuf bodyBuffer(Framing framing) {
        int initial = framing.kind() == Framing.Kind.LENGTH ? (int) Math.min(framing.length(), 1 << 20) : 256;
        return ctx.alloc().heapBuffer(initial);
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
            // answered from the head alone (e.g. 407): the unread body makes the connection unusable
            e.requestBodyDone = true;
            if (e.requestBody != null) closing = true;
            respondFromAddon(e);
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
        Request request = e.flow.request();
        if (e.requestBody != null) {
            request.setBody(Body.of(FlowBridge.copy(e.requestBody)));
            e.requestBody.release();
            e.requestBody = null;
        } else {
            request.setBody(Body.EMPTY);
        }
        request.setTimestampEnd(Flow.now());
        chain.run(Hook.REQUEST, e.flow, () -> afterRequest(e));
    }

    private void afterRequest(Exchange e) {
        if (e != ex || e.finished) return;
        if (e.flow.isKilled()) {
            killFlow(e);
        } else if (e.flow.response() != null) {
            respondFromAddon(e);
        } else {
            sendUpstream(e);
        }
    }

    // ---- upstream ----

    private void sendUpstream(Exchange e) {
        Flow flow = e.flow;
        sluice.flows().update(flow);
        ServerConnection mine = kept;
        kept = null;
        if (mine != null) {
            if (mine.isReusable() && mine.poolKey().equals(Upstream.poolKey(flow.request()))) {
                e.upstream = mine;
                flow.setServer(mine.info());
                writeRequest(e, mine);
                return;
            }
            server.upstream().release(mine);
        }
        server.upstream().acquire(flow, ctx.channel().eventLoop(), new Upstream.ConnectCallback() {
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
        Body body = r.body();
        long length = body == null ? 0 : body.size();
        RequestHead head = FlowBridge.toOriginHead(r);
        connection.begin(r.method(), new ResponseSide(e), timeoutSeconds());
        connection.channel().write(head);
        if (length > 0) connection.channel().write(new BodyChunk(Unpooled.wrappedBuffer(body.bytes())));
        connection.channel().writeAndFlush(new BodyEnd(r.trailers() == null ? new Headers() : r.trailers()));
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
            if (head.framing().hasBody()) e.responseBody = bodyBuffer(head.framing());
            chain.run(Hook.RESPONSE_HEADERS, e.flow, () -> {
                if (stale()) return;
                if (e.flow.isKilled()) {
                    killFlow(e);
                    return;
                }
                e.responseHeadersDone = true;
                maybeRunResponseHook(e);
            });
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            if (stale() || e.responseBody == null) {
                chunk.release();
                return;
            }
            e.responseBody.writeBytes(chunk);
            chunk.release();
            Long limit = sluice.options().has("body_size_limit") ? sluice.options().number("body_size_limit") : null;
            if (limit != null && e.responseBody.readableBytes() > limit) {
                e.upstream.abort();
                failFlow(502, "Response body larger than body_size_limit (" + limit + " bytes).");
            }
        }

        @Override
        public void onEnd(Headers trailers) {
            if (stale()) return;
            if (!trailers.isEmpty()) e.flow.response().setTrailers(trailers);
            e.responseBodyDone = true;
            maybeRunResponseHook(e);
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
        Response response = e.flow.response();
        if (e.responseBody != null) {
            response.setBody(Body.of(FlowBridge.copy(e.responseBody)));
            e.responseBody.release();
            e.responseBody = null;
        } else {
            response.setBody(Body.EMPTY);
        }
        response.setTimestampEnd(Flow.now());
        if (e.upstream != null) {
            keep(e.upstream);
            e.upstream = null;
        }
        chain.run(Hook.RESPONSE, e.flow, () -> afterResponse(e));
    }

    private void keep(ServerConnection connection) {
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
        flow.setResponseComplete(true);
        sluice.flows().update(flow);
        ResponseHead head = FlowBridge.toClientHead(response, flow.request().method(), e.clientHttp10);
        ctx.write(head);
        Body body = response.body();
        if (head.framing().hasBody() && body != null && body.size() > 0) {
            ctx.write(new BodyChunk(Unpooled.wrappedBuffer(body.bytes())));
        }
        boolean close = closing || e.clientWantsClose || hasToken(response.headers(), "close")
                || head.framing().kind() == Framing.Kind.UNTIL_CLOSE;
        var written = ctx.writeAndFlush(new BodyEnd(response.trailers() == null ? new Headers() : response.trailers()));
        finish(e);
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
        runErrorHook(e, () -> sendErrorAndClose(status, message));
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
        chain.run(Hook.ERROR, e.flow, then);
    }

    private void finish(Exchange e) {
        idleSinceNanos = System.nanoTime();
        e.finished = true;
        e.releaseBuffers();
        if (ex == e) ex = null;
    }

    private void sendErrorAndClose(int status, String message) {
        closing = true;
        Response page = ErrorPages.make(status, message);
        ctx.write(FlowBridge.toClientHead(page, "GET", false));
        ctx.write(new BodyChunk(Unpooled.wrappedBuffer(page.body().bytes())));
        ctx.writeAndFlush(new BodyEnd(new Headers())).addListener(ChannelFutureListener.CLOSE);
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
            server.upstream().release(kept);
            kept = null;
        }
        if (client != null && !client.isRefused()) {
            client.setTimestampEnd(Flow.now());
            chain.clientDisconnected(client);
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
