package dev.sluice.net;

import dev.sluice.log.Level;
import dev.sluice.net.http1.Http1Encoder;
import dev.sluice.net.http1.Http1Limits;
import dev.sluice.net.http1.Http1RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * Every pipeline a CONNECT tunnel passes through, assembled here and nowhere else. Each stage
 * replaces itself with the next, and the bytes it held go on to its successor:
 *
 * <pre>
 * after 200 Connection established:  session → TunnelDetector
 * TLS:                               session → ClientHelloReader   (TlsPlanner decides, off the loop where needed)
 *   intercepted:                     session → TLS → ClientHandshakeReporter → ProtocolSelector
 *   tcp_hosts:                       session → TLS → ClientHandshakeReporter → Relay ⇄ Relay on the server's TLS connection
 *   then, for http/1.1:              session → TLS → HTTP/1 decoder → HTTP/1 encoder → HttpProxyHandler(https, destination)
 * plain HTTP:                        session → HTTP/1 decoder → HTTP/1 encoder → HttpProxyHandler(http, destination)
 * passed through, or neither:        session → Relay ⇄ Relay on the server connection
 * </pre>
 */
final class TunnelPipeline {
    private TunnelPipeline() {
    }

    /**
     * After {@code 200 Connection established}: the regular HTTP/1 handlers give way to the
     * detector, which gets the bytes the client sent right behind its CONNECT first.
     */
    static void afterConnect(ChannelHandlerContext proxy, Tunnel tunnel, List<Object> early) {
        ChannelPipeline p = proxy.pipeline();
        p.remove(Http1Encoder.class);
        p.replace(proxy.handler(), "tunnel-detector", new TunnelDetector(tunnel));
        p.remove(Http1RequestDecoder.class); // in pass-through since the CONNECT: it holds nothing
        if (early.isEmpty()) {
            tunnel.clientChannel.read();
            return;
        }
        for (Object bytes : early) p.fireChannelRead(bytes);
        p.fireChannelReadComplete();
    }

    /** A TLS record came first: the ClientHello decides the rest. */
    static void readClientHello(ChannelHandlerContext detector, Tunnel tunnel) {
        detector.pipeline().replace(detector.handler(), "client-hello", new ClientHelloReader(tunnel));
    }

    /** Intercepted TLS: Sluice's certificate towards the client, then the codec of the protocol it negotiates. */
    static void interceptTls(ChannelHandlerContext clientHello, Tunnel tunnel, SslContext context, TunnelDestination destination) {
        presentToClient(clientHello, tunnel, context, "protocol", new ProtocolSelector(tunnel.server, destination));
        // a client that fails its handshake never gets a handler to take the server connection made for it
        tunnel.clientChannel.closeFuture().addListener(closed -> destination.discard());
    }

    /**
     * {@code tcp_hosts} over TLS: Sluice's certificate towards the client, then the decrypted bytes
     * relayed to the server's TLS connection and recorded as a tcp flow (nothing parsed as HTTP).
     */
    static void interceptTlsAsTcp(ChannelHandlerContext clientHello, Tunnel tunnel, SslContext context, Channel server) {
        ChannelInboundHandlerAdapter[] sides = Relay.between(tunnel.clientChannel, server, tunnel.recordTcpFlow());
        server.pipeline().addLast("relay", sides[1]);
        presentToClient(clientHello, tunnel, context, "relay", sides[0]);
    }

    /** The client's TLS handshake with Sluice's certificate in the ClientHello reader's place, reported, then {@code next}. */
    private static void presentToClient(ChannelHandlerContext clientHello, Tunnel tunnel, SslContext context, String name,
                                        ChannelHandler next) {
        ChannelPipeline p = clientHello.pipeline();
        SslHandler tls = context.newHandler(tunnel.clientChannel.alloc());
        tls.setHandshakeTimeoutMillis(ServerTls.HANDSHAKE_TIMEOUT_MILLIS);
        p.addAfter(clientHello.name(), "client-tls-report",
                new ClientHandshakeReporter(tunnel.server.sluice().log(), tunnel.client, tunnel.host));
        p.addAfter("client-tls-report", name, next);
        p.replace(clientHello.handler(), "tls", tls);
    }

    /** The codec for what the client negotiated. HTTP/1.1 (or no ALPN) is all Sluice speaks yet; HTTP/2 joins here. */
    static void forProtocol(ChannelHandlerContext selector, String protocol, ProxyServer server, TunnelDestination destination) {
        http1(selector, server, destination);
    }

    /** Plain HTTP inside the tunnel: the proxy's own HTTP/1 handling, aimed at the tunnel's destination. */
    static void plainHttp(ChannelHandlerContext detector, Tunnel tunnel) {
        Channel server = tunnel.takeServerChannel();
        ServerConnection established = server == null ? null
                : tunnel.server.upstream().attachHttp(server, tunnel.serverInfo(), false, null);
        http1(detector, tunnel.server, new TunnelDestination("http", tunnel.host, tunnel.port, null, null, established));
    }

    private static void http1(ChannelHandlerContext stage, ProxyServer server, TunnelDestination destination) {
        ChannelPipeline p = stage.pipeline();
        p.addAfter(stage.name(), "decoder", new Http1RequestDecoder(Http1Limits.DEFAULTS));
        p.addAfter("decoder", "encoder", new Http1Encoder());
        p.addAfter("encoder", "proxy", new HttpProxyHandler(server, destination));
        p.remove(stage.handler());
    }

    /**
     * Neither TLS nor HTTP: relayed as a tcp flow when {@code rawtcp} is on or the host is one of
     * {@code tcp_hosts}, else closed (tls.md §7).
     */
    static void unknownProtocol(ChannelHandlerContext stage, Tunnel tunnel) {
        if (tunnel.tls().relaysRawTcp() || tunnel.isTcpHost(tunnel.client.sni(), null)) {
            relayWhenConnected(stage, tunnel, true);
            return;
        }
        tunnel.server.sluice().log().log(Level.WARN, "Unknown protocol in tunnel to " + tunnel.destination()
                + "; closing (rawtcp is off).", tunnel.client.peerText());
        stage.close();
    }

    /** A passed-through host (tls.md §7): relayed untouched, recorded only with {@code show_ignored_hosts}. */
    static void passThrough(ChannelHandlerContext stage, Tunnel tunnel) {
        relayWhenConnected(stage, tunnel, tunnel.tls().showsIgnoredHosts());
    }

    /**
     * Relayed once the server connection is there (made now in lazy mode); the stage holds the
     * client's bytes meanwhile. {@code recorded}: the relay is a tcp flow.
     */
    static void relayWhenConnected(ChannelHandlerContext stage, Tunnel tunnel, boolean recorded) {
        ByteBuf greeting = tunnel.takeServerGreeting();
        tunnel.connectServer().addListener((Future<Channel> connected) -> {
            if (connected.isSuccess() && !stage.isRemoved()) {
                relay(stage, connected.getNow(), greeting, recorded ? tunnel.recordTcpFlow() : null);
                return;
            }
            if (greeting != null) greeting.release();
            if (!connected.isSuccess()) {
                tunnel.server.sluice().log().log(Level.WARN, connected.cause().getMessage(), tunnel.client.peerText());
            }
            stage.close();
        });
    }

    /**
     * Byte for byte between the client and the server; what the server said first goes to the
     * client first (and into the tcp flow, when there is one).
     */
    static void relay(ChannelHandlerContext stage, Channel server, ByteBuf greeting, TcpFlowRecorder recorder) {
        ChannelInboundHandlerAdapter[] sides = Relay.between(stage.channel(), server, recorder);
        if (greeting != null) {
            if (recorder != null) recorder.message(false, greeting);
            stage.channel().writeAndFlush(greeting);
        }
        server.pipeline().addLast("relay", sides[1]);
        stage.pipeline().replace(stage.handler(), "relay", sides[0]);
    }
}
