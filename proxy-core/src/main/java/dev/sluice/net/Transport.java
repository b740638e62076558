package dev.sluice.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
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
