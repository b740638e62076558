package dev.sluice.net;

import dev.sluice.addon.AddonChain;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.log.EventLog;
import dev.sluice.log.Level;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * The first handler of every client connection: creates its {@link ClientConn}, runs the
 * {@code clientConnected} hook (a refused client is closed before a byte is read) and, when the
 * connection ends, {@code clientDisconnected}. It stays while the handlers behind it change (a
 * CONNECT turns the connection into a tunnel), so the connection's facts live as long as it does.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<ClientConn> CLIENT = AttributeKey.valueOf(ClientSession.class, "client");

    private final AddonChain chain;
    private final EventLog log;

    ClientSession(AddonChain chain, EventLog log) {
        this.chain = chain;
        this.log = log;
    }

    /** The client of a connection that passed this handler. */
    static ClientConn of(Channel channel) {
        return channel.attr(CLIENT).get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        ClientConn client = new ClientConn((InetSocketAddress) ch.remoteAddress(), (InetSocketAddress) ch.localAddress());
        ch.attr(CLIENT).set(client);
        chain.clientConnected(client);
        if (client.isRefused()) {
            ctx.close();
            return;
        }
        log.log(Level.DEBUG, "client connect", client.peerText());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // the handlers behind finish their flows first, then the connection's end is announced
        super.channelInactive(ctx);
        ClientConn client = of(ctx.channel());
        if (client != null && !client.isRefused()) {
            client.setTimestampEnd(Flow.now());
            chain.clientDisconnected(client);
        }
    }
}
