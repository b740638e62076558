package dev.sluice.testsupport;

import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/** A Netty TLS client for tests of upstream contexts: it only completes a handshake. */
public final class TlsTestClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /** How a handshake ended: the failure (null on success), the ALPN protocol, the server's chain. */
    public record Handshake(Throwable failure, String alpn, List<Certificate> serverChain) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Connects to 127.0.0.1:port and handshakes with the context, the handler made with
     * {@code newHandler(alloc, peerHost, port)} as the proxy does (peerHost: the SNI or IP literal).
     */
    public Handshake handshake(SslContext context, String peerHost, int port) throws Exception {
        CompletableFuture<Handshake> result = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = context.newHandler(ch.alloc(), peerHost, port);
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                result.complete(new Handshake(null, ssl.applicationProtocol(),
                                        List.of(ssl.engine().getSession().getPeerCertificates())));
                            } else {
                                result.complete(new Handshake(f.cause(), null, List.of()));
                            }
                        });
                        ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the handshake future already carries the failure
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
