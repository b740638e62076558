package dev.sluice.bench;

import dev.sluice.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The load client of {@code scripts/bench-https}, the same for the direct and the proxied leg so
 * the two compare fairly (wrk cannot send CONNECT). Netty with OpenSSL, like the proxy and origin.
 *
 * <ul>
 *   <li>{@code keepalive}: {@code --connections} connections, each (CONNECT through {@code --proxy}
 *       when given, then) TLS with {@code --sni}, then one GET after another on the same
 *       connection (no pipelining) for {@code --seconds}. Latency: per request.</li>
 *   <li>{@code newconn}: {@code --hosts} connections in all, {@code --connections} at a time, each
 *       for a host name of its own ({@code <prefix><i>.test} as SNI, prefix {@code host-} unless
 *       {@code --prefix} says otherwise; the TCP connection always goes to
 *       {@code --target}, an IP: no DNS): connect, CONNECT, TLS, one GET, close. Latency: per
 *       connection, from connect to the end of the response.</li>
 * </ul>
 * Prints one line: {@code mode=.. count=.. errors=.. seconds=.. rate=.. p50_ms=.. p99_ms=..}.
 */
public final class HttpsLoad {
    private final Map<String, String> args;
    private final InetSocketAddress target;
    private final InetSocketAddress proxy;
    private final SslContext tls;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String path;
    private final AtomicInteger errors = new AtomicInteger();

    private HttpsLoad(Map<String, String> args) throws Exception {
        this.args = args;
        this.target = address(args.get("target"));
        this.proxy = args.containsKey("proxy") ? address(args.get("proxy")) : null;
        this.path = args.getOrDefault("path", "/1k");
        this.tls = SslContextBuilder.forClient().sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(new File(args.get("trust"))).build();
        this.group = Transport.newGroup(Integer.parseInt(args.getOrDefault("threads", "1")), "https-load");
        this.bootstrap = new Bootstrap().group(group).channel(Transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // each connection gets its handlers once connected (after CONNECT when proxied)
                    }
                });
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        args.put("mode", argv[0]);
        for (int i = 1; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        HttpsLoad load = new HttpsLoad(args);
        try {
            System.out.println(load.run());
        } finally {
            load.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private String run() throws Exception {
        int connections = Integer.parseInt(args.getOrDefault("connections", "50"));
        if (args.get("mode").equals("keepalive")) {
            double warmup = Double.parseDouble(args.getOrDefault("warmup", "0"));
            if (warmup > 0) keepAlive(connections, warmup);
            errors.set(0);
            return keepAlive(connections, Double.parseDouble(args.getOrDefault("seconds", "10")));
        }
        return newConnections(connections, Integer.parseInt(args.getOrDefault("hosts", "1000")));
    }

    private String keepAlive(int connections, double seconds) throws InterruptedException {
        String sni = args.getOrDefault("sni", "bench.test");
        Latencies latencies = new Latencies();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int i = 0; i < connections; i++) {
            open(sni, latencies::add, () -> System.nanoTime() < deadline, done::countDown);
        }
        done.await();
        return report("keepalive", latencies, (System.nanoTime() - start) / 1e9);
    }

    private String newConnections(int concurrency, int hosts) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int slot = 0; slot < concurrency; slot++) nextHost(next, hosts, latencies, done);
        done.await();
        return report("newconn", latencies, (System.nanoTime() - start) / 1e9);
    }

    /** One connection after another in a slot, each to the next host name, until all were visited. */
    private void nextHost(AtomicInteger next, int hosts, Latencies latencies, CountDownLatch done) {
        int host = next.getAndIncrement();
        if (host >= hosts) {
            done.countDown();
            return;
        }
        long opened = System.nanoTime();
        open(args.getOrDefault("prefix", "host-") + host + ".test", ignored -> latencies.add(System.nanoTime() - opened), () -> false,
                () -> nextHost(next, hosts, latencies, done));
    }

    /**
     * A connection: TCP, CONNECT when proxied, TLS with the SNI, then GETs while {@code again}
     * says so; each response's latency goes to {@code response}; {@code closed} runs at the end.
     */
    private void open(String sni, LongConsumer response, java.util.function.BooleanSupplier again, Runnable closed) {
        bootstrap.connect(proxy != null ? proxy : target).addListener(connected -> {
            Channel ch = ((io.netty.channel.ChannelFuture) connected).channel();
            if (!connected.isSuccess()) {
                errors.incrementAndGet();
                closed.run();
                return;
            }
            ch.closeFuture().addListener(x -> closed.run());
            Runnable startTls = () -> startTls(ch, sni, response, again);
            if (proxy == null) {
                startTls.run();
            } else {
                ch.pipeline().addLast(new ConnectReply(startTls));
                String authority = target.getAddress().getHostAddress() + ":" + target.getPort();
                ch.writeAndFlush(Unpooled.copiedBuffer("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n",
                        StandardCharsets.US_ASCII));
            }
        });
    }

    private void startTls(Channel ch, String sni, LongConsumer response, java.util.function.BooleanSupplier again) {
        SslHandler ssl = tls.newHandler(ch.alloc(), sni, target.getPort());
        ch.pipeline().addLast(ssl, new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                new Requester(sni, response, again));
        ssl.handshakeFuture().addListener(hs -> {
            if (!hs.isSuccess()) {
                errors.incrementAndGet();
                ch.close();
            }
        });
    }

    /** Waits for the proxy's {@code 200 Connection established}, then hands the connection to TLS. */
    private final class ConnectReply extends ChannelInboundHandlerAdapter {
        private final Runnable established;
        private final StringBuilder head = new StringBuilder();

        ConnectReply(Runnable established) {
            this.established = established;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            head.append(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(msg);
            if (head.indexOf("\r\n\r\n") < 0) return;
            ctx.pipeline().remove(this);
            if (head.indexOf("HTTP/1.1 200 ") == 0) {
                established.run();
            } else {
                errors.incrementAndGet();
                ctx.close();
            }
        }
    }

    /** Sends a GET once TLS is up and another after each response while wanted. */
    private final class Requester extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final String host;
        private final LongConsumer response;
        private final java.util.function.BooleanSupplier again;
        private long sent;

        Requester(String host, LongConsumer response, java.util.function.BooleanSupplier again) {
            this.host = host;
            this.response = response;
            this.again = again;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent hs && hs.isSuccess()) send(ctx);
            ctx.fireUserEventTriggered(evt);
        }

        private void send(ChannelHandlerContext ctx) {
            FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            get.headers().set(HttpHeaderNames.HOST, host);
            sent = System.nanoTime();
            ctx.writeAndFlush(get);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            if (msg.status().code() == 200) response.accept(System.nanoTime() - sent);
            else errors.incrementAndGet();
            if (again.getAsBoolean()) send(ctx);
            else ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Latencies in nanoseconds, from any event loop thread. */
    private static final class Latencies {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    private String report(String mode, Latencies latencies, double seconds) {
        long[] sorted = latencies.sorted();
        double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        return String.format(Locale.ROOT, "mode=%s count=%d errors=%d seconds=%.2f rate=%.1f p50_ms=%.2f p99_ms=%.2f",
                mode, sorted.length, errors.get(), seconds, sorted.length / seconds, p50, p99);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
