package dev.sluice.net.http1;

import dev.sluice.flow.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseNotifier;
import java.util.ArrayList;

/**
 * HTTP/1.x encoder for both legs. Writes {@link RequestHead}/{@link ResponseHead} exactly as
 * given (start line, fields in order and spelling, CRLF line ends), then the {@link BodyChunk}s of
 * the message framed by the head's {@link Framing} and finally its {@link BodyEnd}:
 *
 * <ul>
 *   <li>CHUNKED: each non-empty BodyChunk as {@code <hex>\r\n<bytes>\r\n}; BodyEnd writes
 *       {@code 0\r\n<trailers>\r\n}. An empty BodyChunk is skipped (it would end the body).</li>
 *   <li>LENGTH: raw bytes; more bytes than declared, or a BodyEnd before all of them, is a
 *       framing error.</li>
 *   <li>UNTIL_CLOSE: raw bytes; the caller closes the connection after BodyEnd.</li>
 *   <li>NONE: only empty BodyChunks are allowed.</li>
 * </ul>
 *
 * Every head must be followed by a BodyEnd, also for bodiless messages and 1xx responses.
 * Between messages plain {@link ByteBuf}s pass through unchanged (tunnels, after 101). Trailers
 * of a message that is not chunked are dropped.
 *
 * <p>Errors: a head that cannot be written safely (a name that is not a token; a value, reason
 * or target with CR, LF, NUL or other controls; chars above 0xFF; an unknown version; status
 * outside 100–999; a framing that disagrees with its Content-Length/Transfer-Encoding fields)
 * fails that write's promise with {@link IllegalArgumentException} and writes nothing. A framing
 * violation (body bytes beyond the declared length, BodyChunk or BodyEnd without a head, a head
 * or raw bytes in the middle of a message or after a close-delimited body) fails the promise with
 * {@link IllegalStateException}, flushes what was written before and closes the channel, since
 * the peer could otherwise misread the stream; later writes fail.
 *
 * <p>Small pieces (heads, chunk framing, body pieces up to {@value #COPY_THRESHOLD} bytes that
 * follow them) are gathered into one pooled buffer until the next flush, larger bodies are
 * passed on without copying. Each write's promise completes when its bytes have been written.
 */
public final class Http1Encoder extends ChannelOutboundHandlerAdapter {

    static final int COPY_THRESHOLD = 1024;
    private static final int PENDING_LIMIT = 16 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Framing of the message being written; null between messages. */
    private Framing.Kind body;
    private long remaining;
    private boolean broken;
    /** A close-delimited body was written: nothing may follow it on this connection. */
    private boolean closeDelimited;
    // framing fields seen by the last encodeFields call
    private int clCount;
    private int teCount;
    private String clValue;
    private String teValue;

    private ByteBuf pending;
    private final ArrayList<ChannelPromise> pendingPromises = new ArrayList<>(4);
    private byte[] scratch = new byte[1024];

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("HTTP/1 encoder closed after a framing error"));
            return;
        }
        if (msg instanceof BodyChunk) {
            writeChunk(ctx, (BodyChunk) msg, promise);
        } else if (msg instanceof BodyEnd) {
            writeEnd(ctx, (BodyEnd) msg, promise);
        } else if (msg instanceof RequestHead || msg instanceof ResponseHead) {
            writeHead(ctx, msg, promise);
        } else if (msg instanceof ByteBuf) {
            if (body != null || closeDelimited) {
                violation(ctx, msg, promise, body != null ? "raw bytes written in the middle of an HTTP message"
                        : "bytes written after a close-delimited body");
                return;
            }
            writePending(ctx);
            ctx.write(msg, promise);
        } else {
            writePending(ctx);
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writePending(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writePending(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        writePending(ctx);
    }

    // ---- heads -------------------------------------------------------------------------------

    private void writeHead(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (body != null || closeDelimited) {
            violation(ctx, msg, promise, body != null ? "head written before the previous message's BodyEnd"
                    : "message written after a close-delimited body");
            return;
        }
        int len;
        Framing framing;
        try {
            if (msg instanceof RequestHead) {
                RequestHead h = (RequestHead) msg;
                len = encodeRequestLine(h);
                len = encodeFields(h.headers(), len);
                framing = h.framing();
                checkFraming(framing, true, h.version());
            } else {
                ResponseHead h = (ResponseHead) msg;
                len = encodeStatusLine(h);
                len = encodeFields(h.headers(), len);
                framing = h.framing();
                checkFraming(framing, false, h.version());
            }
        } catch (IllegalArgumentException e) {
            promise.setFailure(e);
            return;
        }
        len = put(len, (byte) '\r', (byte) '\n');
        pending(ctx, len).writeBytes(scratch, 0, len);
        pendingPromises.add(promise);
        body = framing.kind();
        remaining = framing.kind() == Framing.Kind.LENGTH ? framing.length() : 0;
        if (pending.readableBytes() >= PENDING_LIMIT) writePending(ctx);
    }

    private int encodeRequestLine(RequestHead h) {
        String method = h.method();
        if (!Syntax.isToken(method)) throw new IllegalArgumentException("method is not a token: " + method);
        String target = h.target();
        if (target.isEmpty() || Syntax.invalidCharIndex(target, true) >= 0) {
            throw new IllegalArgumentException("request target contains spaces or control characters");
        }
        int p = putString(0, method);
        p = put(p, (byte) ' ');
        p = putString(p, target);
        p = put(p, (byte) ' ');
        p = putString(p, checkVersion(h.version()));
        return put(p, (byte) '\r', (byte) '\n');
    }

    private int encodeStatusLine(ResponseHead h) {
        int status = h.status();
        if (status < 100 || status > 999) throw new IllegalArgumentException("status out of range: " + status);
        String reason = h.reason();
        if (Syntax.invalidCharIndex(reason, false) >= 0) {
            throw new IllegalArgumentException("reason phrase contains control characters");
        }
        int p = putString(0, checkVersion(h.version()));
        p = put(p, (byte) ' ');
        ensure(p + 4);
        scratch[p++] = (byte) ('0' + status / 100);
        scratch[p++] = (byte) ('0' + status / 10 % 10);
        scratch[p++] = (byte) ('0' + status % 10);
        scratch[p++] = ' ';
        p = putString(p, reason);
        return put(p, (byte) '\r', (byte) '\n');
    }

    private static String checkVersion(String v) {
        if (!"HTTP/1.1".equals(v) && !"HTTP/1.0".equals(v)) throw new IllegalArgumentException("not an HTTP/1 version: " + v);
        return v;
    }

    /**
     * The framing must agree with the framing fields, or the peer would delimit the body
     * differently (request smuggling, response splitting): LENGTH(n) needs exactly one
     * {@code Content-Length: n} and no Transfer-Encoding; CHUNKED needs HTTP/1.1, no
     * Content-Length and one Transfer-Encoding ending in chunked; UNTIL_CLOSE (responses only)
     * neither Content-Length nor chunked; a request without a body neither field (or
     * {@code Content-Length: 0}). A bodiless response (NONE) may carry any of them (HEAD, 304).
     */
    private void checkFraming(Framing framing, boolean request, String version) {
        boolean ok;
        switch (framing.kind()) {
            case LENGTH:
                ok = teCount == 0 && clCount == 1 && Framing.parseContentLength(clValue) == framing.length();
                break;
            case CHUNKED:
                ok = clCount == 0 && teCount == 1 && Framing.endsWithChunked(teValue) && "HTTP/1.1".equals(version);
                break;
            case UNTIL_CLOSE:
                ok = !request && clCount == 0 && (teCount == 0 || (teCount == 1 && !Framing.endsWithChunked(teValue)));
                break;
            default:
                ok = !request || (teCount == 0 && (clCount == 0 || (clCount == 1 && Framing.parseContentLength(clValue) == 0)));
        }
        if (!ok) {
            throw new IllegalArgumentException("framing " + framing + " does not match the Content-Length/Transfer-Encoding"
                    + " fields of the head");
        }
    }

    /** Appends {@code Name: value\r\n} for each field, after checking it can be written safely. */
    private int encodeFields(Headers headers, int p) {
        clCount = 0;
        teCount = 0;
        clValue = null;
        teValue = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Headers.Field f = headers.field(i);
            String name = f.name();
            String value = f.value();
            if (name.length() == 14 && Headers.nameEquals(name, "content-length")) {
                if (clCount++ == 0) clValue = value;
            } else if (name.length() == 17 && Headers.nameEquals(name, "transfer-encoding")) {
                if (teCount++ == 0) teValue = value;
            }
            if (!Syntax.isToken(name)) throw new IllegalArgumentException("header name is not a token: " + name);
            if (Syntax.invalidCharIndex(value, false) >= 0) {
                throw new IllegalArgumentException("header " + name + " has a value with control characters");
            }
            ensure(p + name.length() + value.length() + 4);
            p = putString(p, name);
            scratch[p++] = ':';
            scratch[p++] = ' ';
            p = putString(p, value);
            scratch[p++] = '\r';
            scratch[p++] = '\n';
        }
        return p;
    }

    /** Copies an ISO-8859-1 string (already checked: chars up to 0xFF) into the scratch array. */
    @SuppressWarnings("deprecation")
    private int putString(int p, String s) {
        int n = s.length();
        ensure(p + n);
        s.getBytes(0, n, scratch, p); // low byte of each char: exact for ISO-8859-1
        return p + n;
    }

    private int put(int p, byte a) {
        ensure(p + 1);
        scratch[p] = a;
        return p + 1;
    }

    private int put(int p, byte a, byte b) {
        ensure(p + 2);
        scratch[p] = a;
        scratch[p + 1] = b;
        return p + 2;
    }

    private void ensure(int size) {
        if (scratch.length < size) {
            byte[] bigger = new byte[Math.max(size, scratch.length * 2)];
            System.arraycopy(scratch, 0, bigger, 0, scratch.length);
            scratch = bigger;
        }
    }

    // ---- bodies ------------------------------------------------------------------------------

    private void writeChunk(ChannelHandlerContext ctx, BodyChunk chunk, ChannelPromise promise) {
        if (body == null) {
            violation(ctx, chunk, promise, "BodyChunk written without a head");
            return;
        }
        ByteBuf content = chunk.content();
        int n = content.readableBytes();
        if (n == 0) {
            chunk.release();
            completeInOrder(ctx, promise);
            return;
        }
        switch (body) {
            case NONE:
                violation(ctx, chunk, promise, "body bytes written for a message without a body");
                return;
            case LENGTH:
                if (n > remaining) {
                    violation(ctx, chunk, promise, "body longer than its Content-Length");
                    return;
                }
                remaining -= n;
                writeContent(ctx, content, promise);
                return;
            case UNTIL_CLOSE:
                writeContent(ctx, content, promise);
                return;
            default: // CHUNKED
                ByteBuf buf = pending(ctx, n <= COPY_THRESHOLD ? n + 32 : 32);
                writeHex(buf, n);
                buf.writeShort(0x0D0A);
                if (n <= COPY_THRESHOLD) {
                    buf.writeBytes(content, content.readerIndex(), n);
                    buf.writeShort(0x0D0A);
                    content.release();
                    pendingPromises.add(promise);
                    if (buf.readableBytes() >= PENDING_LIMIT) writePending(ctx);
                } else {
                    writePending(ctx);
                    ctx.write(content, promise);
                    pending(ctx, 64).writeShort(0x0D0A);
                }
        }
    }

    /** Raw body bytes: copied behind pending small pieces when small, else passed on as they are. */
    private void writeContent(ChannelHandlerContext ctx, ByteBuf content, ChannelPromise promise) {
        int n = content.readableBytes();
        if (pending != null && n <= COPY_THRESHOLD) {
            pending.writeBytes(content, content.readerIndex(), n);
            content.release();
            pendingPromises.add(promise);
            if (pending.readableBytes() >= PENDING_LIMIT) writePending(ctx);
        } else {
            writePending(ctx);
            ctx.write(content, promise);
        }
    }

    private void writeEnd(ChannelHandlerContext ctx, BodyEnd end, ChannelPromise promise) {
        if (body == null) {
            violation(ctx, end, promise, "BodyEnd written without a head");
            return;
        }
        if (body == Framing.Kind.LENGTH && remaining != 0) {
            violation(ctx, end, promise, "body shorter than its Content-Length (" + remaining + " bytes missing)");
            return;
        }
        if (body == Framing.Kind.CHUNKED) {
            int len;
            try {
                len = encodeFields(end.trailers(), put(0, (byte) '0'));
            } catch (IllegalArgumentException e) {
                violation(ctx, end, promise, "invalid trailer: " + e.getMessage());
                return;
            }
            // "0" then CRLF, the trailer fields (each ending in CRLF), the final CRLF
            ByteBuf buf = pending(ctx, len + 4);
            buf.writeByte('0').writeShort(0x0D0A);
            buf.writeBytes(scratch, 1, len - 1);
            buf.writeShort(0x0D0A);
            pendingPromises.add(promise);
        } else {
            completeInOrder(ctx, promise);
        }
        closeDelimited = body == Framing.Kind.UNTIL_CLOSE;
        body = null;
        remaining = 0;
    }

    private static void writeHex(ByteBuf buf, int n) {
        int shift = 28;
        while (shift > 0 && (n >>> shift) == 0) shift -= 4;
        for (; shift >= 0; shift -= 4) buf.writeByte(HEX[(n >>> shift) & 0xF]);
    }

    /** Completes the promise once everything written before it is written (never ahead of it). */
    private void completeInOrder(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (pending != null) {
            pendingPromises.add(promise);
        } else {
            ctx.write(Unpooled.EMPTY_BUFFER, promise);
        }
    }

    // ---- pending buffer ----------------------------------------------------------------------

    private ByteBuf pending(ChannelHandlerContext ctx, int needed) {
        if (pending == null) pending = ctx.alloc().ioBuffer(Math.max(needed, 256));
        return pending;
    }

    private void writePending(ChannelHandlerContext ctx) {
        ByteBuf buf = pending;
        if (buf == null) return;
        pending = null;
        int n = pendingPromises.size();
        if (n == 1) {
            ctx.write(buf, pendingPromises.get(0));
        } else if (n == 0) {
            ctx.write(buf, ctx.newPromise());
        } else {
            ChannelPromise[] promises = pendingPromises.toArray(new ChannelPromise[0]);
            ctx.write(buf).addListener(new PromiseNotifier<>(false, promises));
        }
        pendingPromises.clear();
    }

    private void violation(ChannelHandlerContext ctx, Object msg, ChannelPromise promise, String reason) {
        ReferenceCountUtil.release(msg);
        broken = true;
        body = null;
        promise.setFailure(new IllegalStateException(reason));
        writePending(ctx);
        ctx.flush();
        ctx.close();
    }
}
