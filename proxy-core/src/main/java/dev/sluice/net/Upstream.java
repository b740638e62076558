package dev.sluice.net;

import dev.sluice.flow.Flow;
import dev.sluice.flow.ServerConn;
import dev.sluice.net.http1.Http1Encoder;
import dev.sluice.net.http1.Http1ResponseDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Connections to origins: resolves names off the event loop, refuses connections to the proxy
 * itself, connects on the client's event loop (no locks), and keeps idle keep-alive connections
 * in a per-event-loop pool (at most 8 per destination, closed after 60 s idle).
 */
final class Upstream {

    static final int MAX_IDLE_PER_DESTINATION = 8;
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    private final Executor resolverPool;
    private final Supplier<Set<Integer>> listenPorts;
    private final FastThreadLocal<Map<String, ArrayDeque<ServerConnection>>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<ServerConnection>> initialValue() {
            return new HashMap<>();
        }
    };
    private volatile SslContext clientTls;

    Upstream(Executor resolverPool, Supplier<Set<Integer>> listenPorts) {
        this.resolverPool = resolverPool;
        this.listenPorts = listenPorts;
    }

    /** Connects (or reuses a pooled connection) for the flow's request, on the given event loop. */
    void acquire(Flow flow, EventLoop loop, ConnectCallback callback) {
        String host = flow.request().host();
        int port = flow.request().port();
        boolean tls = "https".equals(flow.request().scheme());
        String key = poolKey(flow.request());
        ArrayDeque<ServerConnection> idle = pools.get().get(key);
        while (idle != null && !idle.isEmpty()) {
            ServerConnection c = idle.pollLast();
            if (c.isReusable() && System.nanoTime() - c.idleSince() < IDLE_NANOS) {
                callback.connected(c, true);
                return;
            }
            c.channel().close();
        }
        resolverPool.execute(() -> {
            InetAddress address;
            String refusal;
            try {
                address = InetAddress.getByName(host);
                refusal = isProxyItself(address, port) ? "Refusing to connect to the proxy itself (" + host + ":" + port + ")." : null;
            } catch (UnknownHostException e) {
                loop.execute(() -> callback.failed(502, "Cannot connect to " + host + ":" + port + ": " + reason(e)));
                return;
            }
            if (refusal != null) {
                loop.execute(() -> callback.failed(502, refusal));
                return;
            }
            loop.execute(() -> connect(loop, key, host, port, tls, new InetSocketAddress(address, port), callback));
        });
    }

    private void connect(EventLoop loop, String key, String host, int port, boolean tls, InetSocketAddress address,
                         ConnectCallback callback) {
        ServerConn info = new ServerConn(host, port);
        info.setTimestampStart(Flow.now());
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) ch.pipeline().addLast("tls", tlsHandler(ch, host, port));
                        ch.pipeline().addLast("encoder", new Http1Encoder());
                        ch.pipeline().addLast("decoder", new Http1ResponseDecoder());
                    }
                });
        ChannelFuture f = b.connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                if (cause instanceof ConnectTimeoutException) {
                    callback.failed(504, "Cannot connect to " + host + ":" + port + ": connect timed out");
                } else {
                    callback.failed(502, "Cannot connect to " + host + ":" + port + ": " + reason(cause));
                }
                return;
            }
            Channel ch = f.channel();
            info.setPeer((InetSocketAddress) ch.remoteAddress());
            info.setTimestampTcpSetup(Flow.now());
            ServerConnection conn = new ServerConnection(ch, key, info);
            ch.pipeline().addLast("server", conn);
            forgetWhenClosed(conn);
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl == null) {
                callback.connected(conn, false);
                return;
            }
            ssl.handshakeFuture().addListener(hs -> {
                if (hs.isSuccess()) {
                    info.setTimestampTlsSetup(Flow.now());
                    info.setTlsVersion(ssl.engine().getSession().getProtocol());
                    info.setCipher(ssl.engine().getSession().getCipherSuite());
                    info.setSni(host);
                    callback.connected(conn, false);
                } else {
                    ch.close();
                    callback.failed(502, "Certificate verify failed: " + reason(hs.cause()));
                }
            });
        });
    }

    private SslHandler tlsHandler(Channel ch, String host, int port) {
        SslContext ctx = clientTls;
        if (ctx == null) {
            try {
                ctx = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
            clientTls = ctx;
        }
        SslHandler h = ctx.newHandler(ch.alloc(), host, port);
        var params = h.engine().getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        h.engine().setSSLParameters(params);
        return h;
    }

    /** Connections are interchangeable when scheme, host and port are the same. */
    static String poolKey(dev.sluice.flow.Request r) {
        return r.scheme() + "://" + r.host() + ":" + r.port();
    }

    /** Returns a connection after a complete exchange; keeps it when reusable and there is room. */
    void release(ServerConnection c) {
        if (!c.isReusable()) {
            c.channel().close();
            return;
        }
        ArrayDeque<ServerConnection> idle = pools.get().computeIfAbsent(c.poolKey(), k -> new ArrayDeque<>());
        if (idle.size() >= MAX_IDLE_PER_DESTINATION) {
            c.channel().close();
            return;
        }
        c.markIdle(IDLE_NANOS);
        idle.addLast(c);
    }

    /** A closed connection leaves the pool (registered once per connection, on its event loop). */
    private void forgetWhenClosed(ServerConnection c) {
        c.channel().closeFuture().addListener(x -> {
            ArrayDeque<ServerConnection> idle = pools.get().get(c.poolKey());
            if (idle != null) idle.remove(c);
        });
    }

    private boolean isProxyItself(InetAddress address, int port) {
        if (!listenPorts.get().contains(port)) return false;
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** A short reason from an exception chain, without Netty's decorations. */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof UnknownHostException) return "Name or service not known";
        String m = root.getMessage();
        if (m == null) return root.getClass().getSimpleName();
        // "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1" -> "Connection refused"
        int addr = m.indexOf(": /");
        if (addr >= 0) m = m.substring(0, addr);
        int failed = m.indexOf("failed");
        int colon = failed < 0 ? -1 : m.indexOf(": ", failed);
        return colon < 0 ? m : m.substring(colon + 2);
    }

    interface ConnectCallback {
        void connected(ServerConnection connection, boolean reused);

        void failed(int status, String message);
    }
}
