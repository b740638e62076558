package dev.sluice.net;

import io.netty.buffer.ByteBuf;
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
    /** Records the relay as a tcp flow, or null when nobody is to see it (a passed-through host). */
    private final TcpFlowRecorder recorder;
    private long lastTrafficNanos = System.nanoTime();
    private ScheduledFuture<?> halfClosedCheck;
    private int closedSides;

    private Relay(Channel clientChannel, Channel serverChannel, TcpFlowRecorder recorder) {
        this.client = new Side(serverChannel, true);
        this.server = new Side(clientChannel, false);
        this.recorder = recorder;
    }

    /**
     * The two handlers of a relay: the first goes on the client's channel, the second on the
     * server's. Both channels must share an event loop (tunnels connect on the client's).
     *
     * @param recorder the tcp flow the relay's messages go to, or null for none
     */
    static ChannelInboundHandlerAdapter[] between(Channel clientChannel, Channel serverChannel, TcpFlowRecorder recorder) {
        Relay relay = new Relay(clientChannel, serverChannel, recorder);
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
        final boolean fromClient;
        boolean inputShut;

        Side(Channel peer, boolean fromClient) {
            this.peer = peer;
            this.fromClient = fromClient;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // a side that is done sending must not close the whole connection (its peer may still answer)
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ctx.channel().config().setAutoRead(false);
            if (ctx.channel().isActive()) ctx.read();
            else channelInactive(ctx); // closed before the relay began: it will not say so again
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastTrafficNanos = System.nanoTime();
            if (recorder != null && msg instanceof ByteBuf bytes) recorder.message(fromClient, bytes);
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
            if (++closedSides == 2 && recorder != null) recorder.ended();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (recorder != null) recorder.failed(cause);
            ctx.close();
        }
    }
}
