package dev.sluice.net;

import dev.sluice.log.Level;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the client's whole ClientHello and lets {@link TlsPlanner} decide how the tunnel goes
 * on; reading stops while it does (the server handshake and the certificate may take a
 * moment), then the plan replaces this handler and the ClientHello goes on to what replaced it.
 * Netty's {@link SslClientHelloHandler} does the reading, the waiting and the hand-over.
 */
final class ClientHelloReader extends SslClientHelloHandler<TlsPlan> {
    private final Tunnel tunnel;
    private ScheduledFuture<?> timeout;

    ClientHelloReader(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        // security.md §4: the whole handshake, this part included, gets 30 s
        timeout = ctx.executor().schedule(() -> {
            tunnel.server.sluice().log().log(Level.WARN, "Client TLS handshake failed: no complete ClientHello within 30 s",
                    tunnel.client.peerText());
            ctx.close();
        }, ServerTls.HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        timeout.cancel(false);
        super.handlerRemoved0(ctx);
    }

    @Override
    protected Future<TlsPlan> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        if (clientHello == null) return ctx.executor().newSucceededFuture(null); // TLS records, but no ClientHello
        ClientHello hello = ClientHello.parse(clientHello);
        tunnel.client.setSni(hello.sni());
        tunnel.client.setOfferedGroups(hello.groups());
        return new TlsPlanner(tunnel, ctx.executor()).plan(hello);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<TlsPlan> planned) {
        timeout.cancel(false);
        if (!planned.isSuccess()) {
            tunnel.server.sluice().log().log(Level.WARN, "Cannot intercept the tunnel to " + tunnel.destination() + ": "
                    + Upstream.reason(planned.cause()), tunnel.client.peerText());
            ctx.close();
            return;
        }
        TlsPlan plan = planned.getNow();
        if (!ctx.channel().isActive()) {
            if (plan != null) plan.discard();
        } else if (plan == null) {
            TunnelPipeline.unknownProtocol(ctx, tunnel);
        } else if (plan instanceof TlsPlan.PassThrough passThrough) {
            TunnelPipeline.relay(ctx, passThrough.server(), null, tunnel.tls().showsIgnoredHosts() ? tunnel.recordTcpFlow() : null);
        } else if (plan instanceof TlsPlan.InterceptTcp tcp) {
            TunnelPipeline.interceptTlsAsTcp(ctx, tunnel, tcp.clientContext(), tcp.server());
        } else if (plan instanceof TlsPlan.Intercept intercept) {
            TunnelPipeline.interceptTls(ctx, tunnel, intercept.clientContext(), intercept.destination());
        }
    }
}
