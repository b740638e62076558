package dev.sluice.net;

import dev.sluice.Sluice;
import dev.sluice.addons.TlsConfig;
import dev.sluice.net.http1.Http1Encoder;
import dev.sluice.net.http1.Http1Limits;
import dev.sluice.net.http1.Http1RequestDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The listeners. Each accepted client gets the pipeline
 * {@code client session → HTTP/1 request decoder → HTTP/1 encoder → proxy handler}; a CONNECT
 * turns it into a tunnel ({@link TunnelPipeline}). Upstream connections share the client's event loop.
 */
public final class ProxyServer {

    private final Sluice sluice;
    private final EventLoopGroup boss = Transport.newGroup(1, "sluice-accept");
    private final EventLoopGroup workers;
    private final Upstream upstream;
    private final TlsConfig tls;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile Set<Integer> listenPorts = Set.of();

    public ProxyServer(Sluice sluice) {
        this(sluice, 0);
    }

    /** @param threads event loop threads; 0 = one per core */
    public ProxyServer(Sluice sluice, int threads) {
        this.sluice = sluice;
        this.workers = Transport.newGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), "sluice-io");
        this.tls = sluice.addons().find(TlsConfig.class);
        if (tls == null) throw new IllegalStateException("the proxy needs the TlsConfig addon in the chain");
        this.upstream = new Upstream(sluice.workers(), () -> listenPorts, tls::upstream, sluice.log());
    }

    Sluice sluice() {
        return sluice;
    }

    Upstream upstream() {
        return upstream;
    }

    /** TLS options, the CA and the certificates made with it. */
    TlsConfig tls() {
        return tls;
    }

    /** Binds a listener; throws with the OS reason when the port cannot be bound. */
    public synchronized InetSocketAddress listen(String host, int port) throws Exception {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("session", new ClientSession(sluice.addons(), sluice.log()));
                        p.addLast("decoder", new Http1RequestDecoder(Http1Limits.DEFAULTS));
                        p.addLast("encoder", new Http1Encoder());
                        p.addLast("proxy", new HttpProxyHandler(ProxyServer.this));
                    }
                });
        InetSocketAddress bindAddress = host == null || host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        Channel ch = b.bind(bindAddress).sync().channel();
        listeners.add(ch);
        Set<Integer> ports = new HashSet<>(listenPorts);
        ports.add(((InetSocketAddress) ch.localAddress()).getPort());
        listenPorts = Set.copyOf(ports);
        return (InetSocketAddress) ch.localAddress();
    }

    public Set<Integer> listenPorts() {
        return listenPorts;
    }

    public synchronized void close() {
        for (Channel ch : listeners) ch.close().syncUninterruptibly();
        listeners.clear();
        listenPorts = Set.of();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
