package dev.sluice.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * A tiny HTTPS origin on 127.0.0.1 for tests: it presents the given server context and answers
 * every request with {@code 200} and the body {@code hello <alpn>} (the negotiated protocol, or
 * {@code none}), then closes. It keeps the first TLS record of every connection (the client's
 * ClientHello) for tests of what clients offered.
 */
public final class TlsTestServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final List<byte[]> clientHellos;

    private TlsTestServer(EventLoopGroup group, Channel channel, List<byte[]> clientHellos) {
        this.group = group;
        this.channel = channel;
        this.clientHellos = clientHellos;
    }

    public static TlsTestServer start(SslContext context) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<byte[]> clientHellos = new CopyOnWriteArrayList<>();
        Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FirstRecordKeeper(clientHellos), context.newHandler(ch.alloc()), new HelloResponder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return new TlsTestServer(group, channel, clientHellos);
    }

    /** The first TLS record (header included) of each connection so far, in arrival order. */
    public List<byte[]> clientHellos() {
        return List.copyOf(clientHellos);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Copies the bytes of the connection's first TLS record as they pass, then steps aside. */
    private static final class FirstRecordKeeper extends ChannelInboundHandlerAdapter {
        private final List<byte[]> into;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        FirstRecordKeeper(List<byte[]> into) {
            this.into = into;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            byte[] copy = new byte[bytes.readableBytes()];
            bytes.getBytes(bytes.readerIndex(), copy);
            seen.writeBytes(copy);
            byte[] all = seen.toByteArray();
            if (all.length >= 5) {
                int length = 5 + ((all[3] & 0xff) << 8 | (all[4] & 0xff));
                if (all.length >= length) {
                    into.add(Arrays.copyOf(all, length));
                    ctx.pipeline().remove(this);
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Waits for the end of the request head, then answers. */
    private static final class HelloResponder extends SimpleChannelInboundHandler<ByteBuf> {
        private final StringBuilder head = new StringBuilder();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            head.append(msg.toString(StandardCharsets.ISO_8859_1));
            if (!head.toString().contains("\r\n\r\n")) return;
            String alpn = ctx.pipeline().get(SslHandler.class).applicationProtocol();
            String body = "hello " + (alpn == null ? "none" : alpn);
            String response = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that rejected the handshake: nothing to answer
        }
    }
}
