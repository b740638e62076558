package dev.sluice.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the client's TLS handshake, installs the codec for the protocol it negotiated (ALPN;
 * HTTP/1.1 when none) in its own place; see {@link AlpnChoice}. Bytes that arrive meanwhile wait
 * and go to the codec.
 */
final class ProtocolSelector extends ApplicationProtocolNegotiationHandler {
    private final ProxyServer server;
    private final TunnelDestination destination;

    ProtocolSelector(ProxyServer server, TunnelDestination destination) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.server = server;
        this.destination = destination;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        TunnelPipeline.forProtocol(ctx, protocol, server, destination);
    }

    /** {@link ClientHandshakeReporter} has said why; only the connection is left to close. */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
