package dev.sluice.net;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Native epoll when it loads, NIO otherwise; chosen once for the process. */
public final class Transport {
    /**
     * How much a connection buffers outbound before the side feeding it stops reading: at
     * Netty's 64 KiB default a streamed body stops and restarts its reader on every read.
     */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 << 10, 1 << 20);

    /**
     * The largest single read. A fast body is read in pieces as large as the socket offers up to
     * this, and written on in one go: with 4 MiB instead of 256 KiB a proxied loopback download
     * took about half the proxy's CPU per gigabyte and ran 40-70% faster. It beats splice(2) from
     * socket to socket as well, which the proxy used before: 1.4-1.8 GB/s against 0.9-1.0 GB/s, and
     * a relay written in C showed the same (docs/BENCHMARKS.md, Streaming).
     */
    public static final int MAX_READ = 4 << 20;

    /**
     * Reads grow up to {@link #MAX_READ} (Netty's default stops at 64 KiB) and shrink back for
     * small messages; one read per readiness event (the allocator's default), so a connection has
     * at most one read and its outbound water mark in flight.
     */
    public static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ);

    private Transport() {
    }

    public static boolean isEpoll() {
        return Epoll.isAvailable() && !Boolean.getBoolean("sluice.nio");
    }

    public static String name() {
        return isEpoll() ? "epoll" : "nio";
    }

    public static EventLoopGroup newGroup(int threads, String name) {
        var factory = new io.netty.util.concurrent.DefaultThreadFactory(name, true);
        return new MultiThreadIoEventLoopGroup(threads, factory,
                isEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return isEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return isEpoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
