package dev.sluice.net;

import dev.sluice.addons.TlsConfig;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.ServerConn;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A CONNECT tunnel from its {@code 200} until its stages know what it carries: the client, the
 * destination, and the server connection made before the 200 (eager strategy) until a stage
 * takes it. All of it lives on the client's event loop.
 */
final class Tunnel {
    final ProxyServer server;
    final Channel clientChannel;
    final ClientConn client;
    final String host;
    final int port;
    private Channel serverChannel;
    private ServerConn serverInfo;

    /** @param serverChannel a plain TCP connection to the destination, or null (lazy, or no server wanted) */
    Tunnel(ProxyServer server, Channel clientChannel, ClientConn client, String host, int port, Channel serverChannel,
           ServerConn serverInfo) {
        this.server = server;
        this.clientChannel = clientChannel;
        this.client = client;
        this.host = host;
        this.port = port;
        this.serverChannel = serverChannel;
        this.serverInfo = serverInfo;
        clientChannel.closeFuture().addListener(f -> {
            if (this.serverChannel != null) this.serverChannel.close(); // never taken: nobody else will close it
        });
    }

    TlsConfig tls() {
        return server.tls();
    }

    boolean hasServerConnection() {
        return serverChannel != null;
    }

    /** Facts of the server connection made for the tunnel, or null. */
    ServerConn serverInfo() {
        return serverInfo;
    }

    /**
     * Calls {@code spoke} once if the server sends bytes (a server-first protocol) or closes
     * before the client has said anything; those bytes wait for {@link #takeServerGreeting()}.
     */
    void watchServer(Runnable spoke) {
        if (serverChannel == null) return;
        serverChannel.pipeline().addLast("greeting", new ServerGreeting(spoke));
        serverChannel.read();
    }

    /** What the server said before the client (null for nothing); stops watching. */
    ByteBuf takeServerGreeting() {
        if (serverChannel == null) return null;
        ServerGreeting watcher = serverChannel.pipeline().get(ServerGreeting.class);
        if (watcher == null) return null;
        ByteBuf greeting = watcher.greeting;
        watcher.greeting = null;
        serverChannel.pipeline().remove(watcher);
        return greeting;
    }

    /** The server connection, handed over once: the stage that takes it closes it. */
    Channel takeServerChannel() {
        ReferenceCountUtil.release(takeServerGreeting());
        Channel taken = serverChannel;
        serverChannel = null;
        return taken;
    }

    /** The server connection: the one made for the tunnel, or a new one (lazy). */
    Future<Channel> connectServer() {
        Promise<Channel> result = clientChannel.eventLoop().newPromise();
        if (serverChannel != null) return result.setSuccess(takeServerChannel());
        server.upstream().open(host, port, clientChannel.eventLoop(), new Upstream.TcpCallback() {
            @Override
            public void connected(Channel channel, ServerConn info) {
                serverInfo = info;
                if (!clientChannel.isActive() || !result.trySuccess(channel)) channel.close();
            }

            @Override
            public void failed(int status, String message) {
                result.tryFailure(new java.io.IOException(message));
            }
        });
        return result;
    }

    /**
     * Whether the tunnel is relayed untouched (tls.md §7), judged on the resolved server address,
     * the CONNECT target, the SNI and the Host header, each as {@code host:port}.
     */
    boolean passesThrough(String sni, String hostHeader) {
        if (!tls().passThrough().isActive()) return false;
        return tls().passThrough().passesThrough(candidates(sni, hostHeader));
    }

    /** Whether the tunnel is handled as a raw TCP flow ({@code tcp_hosts}, tls.md §7), judged on the same candidates. */
    boolean isTcpHost(String sni, String hostHeader) {
        return tls().tcpHosts().isActive() && tls().tcpHosts().matches(candidates(sni, hostHeader));
    }

    /** Whether a Host header is wanted for the host rules: only when one of them is set. */
    boolean hostRulesActive() {
        return tls().passThrough().isActive() || tls().tcpHosts().isActive();
    }

    /** A tcp flow for this tunnel, published and started (its server facts as far as known). */
    TcpFlowRecorder recordTcpFlow() {
        return TcpFlowRecorder.start(server.sluice(), clientChannel, client, serverInfo != null ? serverInfo : new ServerConn(host, port));
    }

    private List<String> candidates(String sni, String hostHeader) {
        List<String> candidates = new ArrayList<>();
        if (serverInfo != null && serverInfo.peer() != null) {
            InetSocketAddress peer = serverInfo.peer();
            candidates.add(peer.getAddress().getHostAddress() + ":" + peer.getPort());
        }
        candidates.add(host + ":" + port);
        if (sni != null) candidates.add(sni + ":" + port);
        if (hostHeader != null) candidates.add(hostHeader.contains(":") ? hostHeader : hostHeader + ":" + port);
        return candidates;
    }

    /** {@code host:port} of the destination, for messages. */
    String destination() {
        return host + ":" + port;
    }

    /** Keeps what a server says before the client speaks, and tells the tunnel (once). */
    private static final class ServerGreeting extends ChannelInboundHandlerAdapter {
        private final Runnable spoke;
        private ByteBuf greeting;
        private boolean told;

        ServerGreeting(Runnable spoke) {
            this.spoke = spoke;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && greeting == null) {
                greeting = bytes;
            } else {
                ReferenceCountUtil.release(msg);
            }
            tell();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            tell();
        }

        private void tell() {
            if (told) return;
            told = true;
            spoke.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            ReferenceCountUtil.release(greeting);
            greeting = null;
        }
    }
}
