package dev.sluice.net;

import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.ServerConn;
import dev.sluice.log.EventLog;
import dev.sluice.net.http1.Http1Encoder;
import dev.sluice.net.http1.Http1ResponseDecoder;
import dev.sluice.tls.KeyExchange;
import dev.sluice.tls.SslContexts;
import dev.sluice.tls.UpstreamContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
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

/**
 * Connections to origins: resolves names off the event loop, refuses connections to the proxy
 * itself, connects on the client's event loop (no locks), speaks TLS with the contexts of the
 * trust options, and keeps idle keep-alive connections in a per-event-loop pool (at most 8 per
 * destination and SNI, closed after 60 s idle). Tunnels also take plain TCP connections from here.
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
    private final Supplier<UpstreamContexts> tls;
    private final EventLog log;

    Upstream(Executor resolverPool, Supplier<Set<Integer>> listenPorts, Supplier<UpstreamContexts> tls, EventLog log) {
        this.resolverPool = resolverPool;
        this.listenPorts = listenPorts;
        this.tls = tls;
        this.log = log;
    }

    /**
     * Connects (or reuses a pooled connection) for the flow's request, on the given event loop.
     * For https, {@code serverName} is the SNI to send and the name verified; null means the
     * request's host (no SNI for an IP literal).
     */
    void acquire(Flow flow, String serverName, EventLoop loop, ConnectCallback callback) {
        String host = flow.request().host();
        int port = flow.request().port();
        boolean https = "https".equals(flow.request().scheme());
        String sni = https ? serverNameOrHost(serverName, host) : null;
        String key = poolKey(flow.request(), serverName);
        String certificateFor = sni != null ? sni : host;
        ArrayDeque<ServerConnection> idle = pools.get().get(key);
        while (idle != null && !idle.isEmpty()) {
            ServerConnection c = idle.pollLast();
            if (c.isReusable() && System.nanoTime() - c.idleSince() < IDLE_NANOS) {
                callback.connected(c, true);
                return;
            }
            c.channel().close();
        }
        open(host, port, loop, new TcpCallback() {
            @Override
            public void connected(Channel ch, ServerConn info) {
                if (!https) {
                    callback.connected(attachHttp(ch, info, key), false);
                    return;
                }
                ServerTls.handshake(ch, tls.get().forServer(SslContexts.HTTP_1_1, certificateFor,
                        KeyExchange.postQuantumTowardsServer(flow.client().offeredGroups())), sni, host, port, info).addListener(hs -> {
                    if (hs.isSuccess()) {
                        callback.connected(attachHttp(ch, info, key), false);
                    } else {
                        ch.close();
                        log.warn(ServerTls.failureLogMessage(hs.cause()));
                        callback.failed(502, ServerTls.failureMessage(hs.cause()));
                    }
                });
            }

            @Override
            public void failed(int status, String message) {
                callback.failed(status, message);
            }
        });
    }

    /**
     * A plain TCP connection to host:port on the given event loop, with nothing in its pipeline
     * and auto-read off: a host name is resolved on the worker pool, the proxy itself is refused
     * (502), a refused or unresolvable connection is a 502 and a timeout a 504, each naming
     * host:port and the reason.
     */
    void open(String host, int port, EventLoop loop, TcpCallback callback) {
        // An IP literal needs no lookup, and unless it may be another of this machine's addresses
        // on a listening port, no interface lookup either: decide on the loop, without the two
        // thread hand-offs (to the pool and back) that add latency to a new connection.
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        Boolean proxyItselfAtOnce = literal == null ? null : proxyItselfWithoutLookup(literal, port);
        if (proxyItselfAtOnce != null) {
            Runnable start = () -> openResolved(host, port, literal, proxyItselfAtOnce, loop, callback);
            if (loop.inEventLoop()) start.run();
            else loop.execute(start);
            return;
        }
        resolverPool.execute(() -> {
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                loop.execute(() -> callback.failed(502, "Cannot connect to " + host + ":" + port + ": " + reason(e)));
                return;
            }
            boolean proxyItself = isProxyItself(address, port); // may look up network interfaces: not on the loop
            loop.execute(() -> openResolved(host, port, address, proxyItself, loop, callback));
        });
    }

    private void openResolved(String host, int port, InetAddress address, boolean proxyItself, EventLoop loop, TcpCallback callback) {
        if (proxyItself) {
            callback.failed(502, "Refusing to connect to the proxy itself (" + host + ":" + port + ").");
            return;
        }
        connect(loop, host, port, new InetSocketAddress(address, port), callback);
    }

    private void connect(EventLoop loop, String host, int port, InetSocketAddress address, TcpCallback callback) {
        ServerConn info = new ServerConn(host, port);
        info.setTimestampStart(Flow.now());
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the caller decides what the connection speaks
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
            callback.connected(ch, info);
        });
    }

    /**
     * Makes a connected channel (TLS, if any, already established) an HTTP/1 connection that the
     * pool can keep: a tunnel's first server connection joins the pool this way.
     */
    ServerConnection attachHttp(Channel ch, ServerConn info, boolean https, String serverName) {
        return attachHttp(ch, info, poolKey(https, info.host(), info.port(), https ? serverNameOrHost(serverName, info.host()) : null));
    }

    private ServerConnection attachHttp(Channel ch, ServerConn info, String key) {
        ch.pipeline().addLast("encoder", new Http1Encoder());
        ch.pipeline().addLast("decoder", new Http1ResponseDecoder());
        ServerConnection conn = new ServerConnection(ch, key, info);
        ch.pipeline().addLast("server", conn);
        forgetWhenClosed(conn);
        ch.config().setAutoRead(true);
        return conn;
    }

    /**
     * Connections are interchangeable for the same scheme, host, port and, for https, SNI and
     * client certificate (tls.md §5); {@code serverName} null means the host's own (none for an IP literal).
     */
    String poolKey(Request r, String serverName) {
        boolean https = "https".equals(r.scheme());
        return poolKey(https, r.host(), r.port(), https ? serverNameOrHost(serverName, r.host()) : null);
    }

    private String poolKey(boolean https, String host, int port, String sni) {
        if (!https) return "http://" + host + ":" + port;
        String certificate = tls.get().clientCertificateId(sni != null ? sni : host);
        return "https://" + host + ":" + port + (sni == null ? "" : "#" + sni) + (certificate.isEmpty() ? "" : "#cert=" + certificate);
    }

    private static String serverNameOrHost(String serverName, String host) {
        return serverName != null ? serverName : ServerTls.serverNameFor(host);
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
        Boolean atOnce = proxyItselfWithoutLookup(address, port);
        if (atOnce != null) return atOnce;
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Whether the address and port are this proxy's own, when that needs no interface lookup; else null. */
    private Boolean proxyItselfWithoutLookup(InetAddress address, int port) {
        if (!listenPorts.get().contains(port)) return false;
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) return true;
        return null;
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

    interface TcpCallback {
        /** Connected; {@code info} has the address asked for, the peer reached and timestamps. */
        void connected(Channel channel, ServerConn info);

        void failed(int status, String message);
    }
}
