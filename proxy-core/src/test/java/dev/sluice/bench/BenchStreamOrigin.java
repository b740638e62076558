package dev.sluice.bench;

import dev.sluice.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The origin of scripts/bench-stream: {@code GET /bytes/<n>} answers n bytes (a fixed 256 KiB
 * pattern repeated), written only while the connection is writable; a request with a body is
 * counted and answered with the count. {@code java ... BenchStreamOrigin <port>}; runs until killed.
 */
public final class BenchStreamOrigin {

    private static final int PIECE = 256 << 10;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] pattern = new byte[PIECE];
        for (int i = 0; i < PIECE; i++) pattern[i] = (byte) (i * 31 + (i >> 8));
        ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(PIECE).writeBytes(pattern));
        EventLoopGroup group = Transport.newGroup(1, "bench-stream-origin");
        Channel ch = new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new Handler(shared));
                    }
                }).bind("127.0.0.1", port).sync().channel();
        System.out.println("bench stream origin listening on 127.0.0.1:" + port);
        ch.closeFuture().sync();
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final ByteBuf shared;
        private long toSend;
        private long received;
        private boolean download;

        Handler(ByteBuf shared) {
            this.shared = shared;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    download = req.uri().startsWith("/bytes/");
                    received = 0;
                    if (download) {
                        toSend = Long.parseLong(req.uri().substring(7));
                        DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, toSend);
                        ctx.write(r);
                        pump(ctx);
                    }
                }
                if (msg instanceof HttpContent content) {
                    received += content.content().readableBytes();
                    if (msg instanceof LastHttpContent && !download) {
                        byte[] answer = (received + "\n").getBytes(StandardCharsets.US_ASCII);
                        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.wrappedBuffer(answer));
                        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.length);
                        ctx.writeAndFlush(r);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** Writes while the client can take it; resumes on writability. */
        private void pump(ChannelHandlerContext ctx) {
            while (toSend > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(PIECE, toSend);
                toSend -= n;
                ctx.write(new io.netty.handler.codec.http.DefaultHttpContent(shared.retainedSlice(0, n)));
            }
            if (toSend == 0 && download) {
                download = false;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (download && ctx.channel().isWritable()) pump(ctx);
        }
    }
}
