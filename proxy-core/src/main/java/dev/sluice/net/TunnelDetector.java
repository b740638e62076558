package dev.sluice.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first stage of a tunnel: tells from the client's first bytes what it carries (tls.md §7,
 * security.md §6) — a TLS ClientHello, plain HTTP, or anything else — and hands on to the stage
 * for it, bytes untouched. A server that speaks before the client makes it a raw relay; a client
 * silent for 60 s is closed.
 */
final class TunnelDetector extends ByteToMessageDecoder {
    enum Protocol { TLS, HTTP, OTHER }

    static final long SILENCE_TIMEOUT_SECONDS = 60;
    /** Longer than any method that is used; a longer run of capitals is not HTTP. */
    static final int MAX_METHOD_LENGTH = 20;
    /** The Host header counts for the host rules (tls.md §7) when it is within this much of the head. */
    static final int MAX_HEAD_FOR_HOST = 64 * 1024;
    private static final byte TLS_HANDSHAKE = 0x16;
    private static final byte TLS_MAJOR_VERSION = 0x03;

    private final Tunnel tunnel;
    private boolean decided;
    private ScheduledFuture<?> silence;

    TunnelDetector(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        silence = ctx.executor().schedule(() -> {
            if (!decided) ctx.close();
        }, SILENCE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        tunnel.watchServer(() -> {
            if (!decided) decide(ctx, Protocol.OTHER, null); // a server-first protocol
        });
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        silence.cancel(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) return;
        Protocol protocol = protocolOf(in);
        if (protocol == null) return;
        String hostHeader = null;
        if (protocol == Protocol.HTTP && tunnel.hostRulesActive()) {
            int headEnd = headEnd(in);
            if (headEnd < 0 && in.readableBytes() < MAX_HEAD_FOR_HOST) return;
            hostHeader = hostHeader(in, headEnd < 0 ? in.writerIndex() : headEnd);
        }
        decide(ctx, protocol, hostHeader);
    }

    private void decide(ChannelHandlerContext ctx, Protocol protocol, String hostHeader) {
        decided = true;
        silence.cancel(false);
        switch (protocol) {
            case TLS -> TunnelPipeline.readClientHello(ctx, tunnel);
            case HTTP -> {
                if (tunnel.passesThrough(null, hostHeader)) TunnelPipeline.passThrough(ctx, tunnel);
                else if (tunnel.isTcpHost(null, hostHeader)) TunnelPipeline.relayWhenConnected(ctx, tunnel, true);
                else TunnelPipeline.plainHttp(ctx, tunnel);
            }
            case OTHER -> TunnelPipeline.unknownProtocol(ctx, tunnel);
        }
    }

    /** Once decided, no more is read here: the next stage reads when it is ready (it may still be connecting). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (decided) ctx.fireChannelReadComplete();
        else super.channelReadComplete(ctx);
    }

    /** What the bytes so far say, or null when more are needed. */
    static Protocol protocolOf(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0) return null;
        if (in.getByte(start) == TLS_HANDSHAKE) {
            if (readable < 2) return null;
            return in.getByte(start + 1) == TLS_MAJOR_VERSION ? Protocol.TLS : Protocol.OTHER;
        }
        // a request line starts with a method in capitals and a space (mitmproxy's test, too)
        for (int i = 0; i < Math.min(readable, MAX_METHOD_LENGTH + 1); i++) {
            byte b = in.getByte(start + i);
            if (b == ' ') return i > 0 ? Protocol.HTTP : Protocol.OTHER;
            if (b < 'A' || b > 'Z') return Protocol.OTHER;
        }
        return readable > MAX_METHOD_LENGTH ? Protocol.OTHER : null;
    }

    /** The index just after the blank line that ends the head, or -1. */
    private static int headEnd(ByteBuf in) {
        int end = Math.min(in.writerIndex(), in.readerIndex() + MAX_HEAD_FOR_HOST);
        for (int i = in.readerIndex(); i + 1 < end; i++) {
            if (in.getByte(i) != '\n') continue;
            if (in.getByte(i + 1) == '\n') return i + 2;
            if (in.getByte(i + 1) == '\r' && i + 2 < end && in.getByte(i + 2) == '\n') return i + 3;
        }
        return -1;
    }

    /** The value of the first Host field in the head (for the host rules only; the decoder validates it later). */
    private static String hostHeader(ByteBuf in, int headEnd) {
        String head = in.toString(in.readerIndex(), headEnd - in.readerIndex(), StandardCharsets.ISO_8859_1);
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon == 4 && line.regionMatches(true, 0, "host", 0, 4)) return line.substring(colon + 1).strip();
        }
        return null;
    }
}
