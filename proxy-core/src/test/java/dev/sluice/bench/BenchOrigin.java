package dev.sluice.bench;

import dev.sluice.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.Arrays;

/**
 * The origin the benchmarks measure against: answers every request with a fixed 1 KiB body,
 * keep-alive. {@code java ... BenchOrigin <port> [threads] [pem]}; with a PEM file holding the
 * certificate chain and its key it speaks HTTPS (OpenSSL when available). Runs until killed.
 */
public final class BenchOrigin {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        byte[] body = new byte[1024];
        Arrays.fill(body, (byte) 'x');
        ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(body.length).writeBytes(body));
        SslContext tls = args.length > 2 ? SslContextBuilder.forServer(new File(args[2]), new File(args[2]))
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK).build() : null;
        EventLoopGroup group = Transport.newGroup(threads, "bench-origin");
        Channel ch = new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        if (tls != null) c.pipeline().addLast(tls.newHandler(c.alloc()));
                        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, shared.duplicate());
                                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                                        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                        boolean keepAlive = HttpUtil.isKeepAlive(req);
                                        var f = ctx.writeAndFlush(r);
                                        if (!keepAlive) f.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                }).bind("127.0.0.1", port).sync().channel();
        System.out.println("bench origin listening on 127.0.0.1:" + port + (tls != null ? " (https)" : ""));
        ch.closeFuture().sync();
    }
}
