package dev.sluice.net;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Moves a known number of body bytes from one connection to another inside the kernel with
 * splice(2) (Netty's epoll {@code spliceTo}: socket, pipe, socket), so they are never copied into
 * the heap and back. Possible only on the epoll transport, for plain TCP on both sides (TLS bytes
 * must be decrypted and encrypted again), and for two channels of one event loop.
 *
 * <p>Netty stops reading the source while the target has not taken what was spliced (source
 * autoRead off until then), so a slow target holds back the sender with at most one read's worth
 * in flight: the read guess, which {@link Transport#READS} lets grow to 256 KiB (strace shows
 * 262,144-byte splices into the client). All epoll channels of Netty 4.2 are level-triggered, as
 * splicing requires.
 */
final class BodySplice {

    /** Netty counts a splice in an int, and {@code Integer.MAX_VALUE} means "until cancelled". */
    private static final int MAX_SEGMENT = 1 << 30;

    /**
     * The most a server can have sent that the proxy has not read yet: its receive buffer, which
     * Linux grows up to tcp_rmem's maximum. A server's close (FIN) comes after all its bytes, so
     * while more than this is still to come the close cannot have arrived. That matters because
     * Netty closes a channel as soon as the close arrives during a splice, dropping what it had not
     * read; so the last {@code KEPT_TAIL} bytes of a body are never spliced.
     */
    static final long KEPT_TAIL = tcpBufferMax("tcp_rmem") + (1 << 20);

    private BodySplice() {
    }

    /** How much of a body with {@code left} bytes to come is spliced: all but the kept tail, or nothing. */
    static long spliceable(long left) {
        return Math.max(0, left - KEPT_TAIL);
    }

    /** The largest a TCP socket's buffer may grow to: the maximum of {@code tcp_rmem} or {@code tcp_wmem}. */
    static long tcpBufferMax(String sysctl) {
        try {
            // line by line: reading a /proc file whole by its size (Files.readString) returns a piece of it
            String[] values = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/" + sysctl)).get(0).trim().split("\\s+");
            return Long.parseLong(values[values.length - 1]);
        } catch (java.io.IOException | RuntimeException unreadable) {
            return 64L << 20; // larger than any default
        }
    }

    static boolean possible(Channel from, Channel to) {
        return from instanceof AbstractEpollStreamChannel && to instanceof AbstractEpollStreamChannel
                && from.eventLoop() == to.eventLoop()
                && from.pipeline().get(SslHandler.class) == null && to.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Splices the next {@code length} bytes that {@code from} receives to {@code to}, behind what
     * was already written and flushed there. Call it on the event loop, with nothing of those bytes
     * read yet. The future succeeds once all were written to {@code to}; it fails when either side
     * closes first, and {@code from} is then closed at once: mid-body it is of no further use, and
     * Netty must not splice again into the pipe of a closed target.
     */
    static Future<Void> start(Channel from, Channel to, long length) {
        Promise<Void> done = from.eventLoop().newPromise();
        from.config().setAutoRead(true); // Netty turns it off and on again as the target takes the bytes
        segment((AbstractEpollStreamChannel) from, (AbstractEpollStreamChannel) to, length, done);
        return done;
    }

    private static void segment(AbstractEpollStreamChannel from, AbstractEpollStreamChannel to, long left, Promise<Void> done) {
        int n = (int) Math.min(left, MAX_SEGMENT);
        from.spliceTo(to, n).addListener(f -> {
            if (!f.isSuccess()) {
                from.close();
                done.tryFailure(f.cause());
            } else if (left > n) {
                segment(from, to, left - n, done);
            } else {
                done.trySuccess(null);
            }
        });
    }
}
