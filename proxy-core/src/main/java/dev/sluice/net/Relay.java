package dev.sluice.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bytes relayed both ways between a client and a server, untouched: pass-through hosts and raw
 * TCP tunnels. Each side reads again only when its last bytes were written to the other
 * (backpressure: a slow reader stops the other side, memory stays flat). A side that shuts down
 * its output has that passed on; the relay ends when both did, or 60 s after the first did
 * without traffic since (security.md §4), or when either side closes.
 */
final class Relay {
    static final long HALF_CLOSED_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Side client;
    private final Side server;
    private long lastTrafficNanos = System.nanoTime();
    private ScheduledFuture<?> halfClosedCheck;

    private Relay(Channel clientChannel, Channel serverChannel) {
        this.client = new Side(serverChannel);
        this.server = new Side(clientChannel);
    }

    /** The two handlers of a relay: the first goes on the client's channel, the second on the server's. */
    static ChannelInboundHandlerAdapter[] between(Channel clientChannel, Channel serverChannel) {
        Relay relay = new Relay(clientChannel, serverChannel);
        return new ChannelInboundHandlerAdapter[]{relay.client, relay.server};
    }

    private void inputShutDown(Channel of) {
        if (client.inputShut && server.inputShut) {
            client.peer.close();
            server.peer.close();
        } else if (halfClosedCheck == null) {
            lastTrafficNanos = System.nanoTime();
            halfClosedCheck = of.eventLoop().scheduleAtFixedRate(this::closeIfIdle, 10, 10, TimeUnit.SECONDS);
        }
    }

    private void closeIfIdle() {
        if (System.nanoTime() - lastTrafficNanos < HALF_CLOSED_IDLE_NANOS) return;
        client.peer.close();
        server.peer.close();
    }

    /** One direction: what its channel reads is written to the peer. */
    private final class Side extends ChannelInboundHandlerAdapter {
        final Channel peer;
        boolean inputShut;

        Side(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // a side that is done sending must not close the whole connection (its peer may still answer)
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ctx.channel().config().setAutoRead(false);
            if (ctx.channel().isActive()) ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastTrafficNanos = System.nanoTime();
            if (!peer.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) ctx.read();
                else written.channel().close();
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inputShut = true;
                // after what was already written, so the peer sees all the bytes before the end
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                    if (peer instanceof DuplexChannel duplex && peer.isActive()) duplex.shutdownOutput();
                });
                inputShutDown(ctx.channel());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (halfClosedCheck != null) halfClosedCheck.cancel(false);
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
