package dev.sluice.net.http1;

import static dev.sluice.net.http1.Syntax.CR;
import static dev.sluice.net.http1.Syntax.LF;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.sluice.flow.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * The state machine shared by {@link Http1RequestDecoder} and {@link Http1ResponseDecoder}: head
 * lines, field validation, bodies by length, chunked bodies with extensions and trailers,
 * close-delimited bodies, pass-through and failure.
 *
 * <p>Heads are located with {@link ByteBuf#indexOf} (vectorised) and each line is copied once
 * into a scratch array for validation; the bytes of a head stay in the cumulation until the head
 * is complete, so {@link #passThrough()} can hand an incomplete head on untouched. Bodies are
 * emitted as retained slices of the cumulation (zero copy).
 */
abstract class Http1Decoder extends ByteToMessageDecoder {

    enum State {
        START, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, UNTIL_CLOSE,
        PASS_THROUGH, FAILED, CLOSED
    }

    private static final int NOT_FOUND = -1;
    private static final int TOO_LONG = -2;
    private static final int MAX_HEX_DIGITS = 16;

    final Http1Limits limits;
    State state = State.START;

    private ChannelHandlerContext ctx;
    private boolean inChannelRead;

    /** Bytes of the current head (or trailer section) parsed so far, counted from readerIndex. */
    private int headPos;
    /** Bytes of the current line already searched for LF without finding one. */
    private int lineScanned;
    private int emptyLines;
    /** Whether the first byte of a start line (not of an empty line before it) has arrived. */
    private boolean headBegun;
    private int fieldBytes;
    private Headers fields;
    private long remaining;
    private boolean messageEnded;
    private byte[] scratch = new byte[512];

    Http1Decoder(Http1Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    // ---- subclass hooks ----------------------------------------------------------------------

    /** The first byte of a message is readable; return false to stop (after emitting/failing). */
    abstract boolean beforeMessage(ByteBuf in, List<Object> out);

    abstract int maxLeadingEmptyLines();

    abstract Http1Exception tooManyEmptyLines();

    abstract Http1Exception startLineTooLong();

    /** Parses and keeps the start line (content without its line end); throws when invalid. */
    abstract void parseStartLine(byte[] line, int len);

    /** Validates the complete head, adds it to {@code out} and returns its framing. */
    abstract Framing headComplete(Headers headers, List<Object> out);

    /** Called after each BodyEnd with the state already START; may switch to PASS_THROUGH. */
    abstract void messageComplete();

    /** Whether a close with no message in progress still interrupts something (a pending response). */
    abstract boolean closeInterrupts();

    abstract int failureStatus(Http1Exception e);

    // ---- public controls -----------------------------------------------------------------------

    /**
     * Stops decoding HTTP: every byte not yet decoded (including an incomplete head) and every
     * later byte is emitted as a plain {@link ByteBuf}. Used after a 101 upgrade (the request
     * decoder switches by itself after a CONNECT head, the response decoder after a 101 and a 2xx
     * answer to CONNECT). Allowed between messages only; call it on the event loop. Called while
     * handling a message's events (up to its BodyEnd), it applies from the first byte after that
     * message, also when more pipelined bytes arrived in the same read. No-op after a failure or
     * close.
     *
     * @throws IllegalStateException in the middle of a message
     */
    public void passThrough() {
        switch (state) {
            case PASS_THROUGH:
            case FAILED:
            case CLOSED:
                return;
            case START:
                break;
            default:
                throw new IllegalStateException("passThrough() in the middle of an HTTP message");
        }
        resetHead();
        state = State.PASS_THROUGH;
        if (!inChannelRead) flushRaw();
    }

    /**
     * Leaves pass-through mode and decodes HTTP again from the next byte received (for example
     * when a CONNECT was refused with a 407 and the connection stays open: call it before writing
     * the refusal). Bytes already emitted raw stay the caller's.
     */
    public void resumeHttp() {
        if (state == State.PASS_THROUGH) {
            resetHead();
            state = State.START;
        }
    }

    public boolean isPassThrough() {
        return state == State.PASS_THROUGH;
    }

    /** Whether the decoder has failed (emitted a DecodeFailure or StrayBytes) and discards input. */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    // ---- Netty plumbing --------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        inChannelRead = true;
        try {
            super.channelRead(ctx, msg);
        } finally {
            inChannelRead = false;
        }
        if (state == State.PASS_THROUGH) flushRaw();
    }

    private void flushRaw() {
        if (ctx == null) return;
        ByteBuf buf = internalBuffer();
        if (buf.isReadable()) {
            ctx.fireChannelRead(buf.readRetainedSlice(buf.readableBytes()));
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            // One message per call: ByteToMessageDecoder fires its events before calling again, so
            // a passThrough() made while handling message N applies from the byte after it.
            while (step(in, out) && !messageEnded) {
                // keep going while progress is made
            }
            messageEnded = false;
        } catch (Http1Exception e) {
            fail(in, out, e);
        }
    }

    @Override
    protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case FAILED:
            case CLOSED:
                break;
            case PASS_THROUGH:
                if (in.isReadable()) out.add(in.readRetainedSlice(in.readableBytes()));
                break;
            case UNTIL_CLOSE:
                if (in.isReadable()) out.add(new BodyChunk(in.readRetainedSlice(in.readableBytes())));
                endMessage(out, null);
                break;
            case START:
                if (headBegun || closeInterrupts()) out.add(PrematureClose.INSTANCE);
                break;
            default:
                out.add(PrematureClose.INSTANCE);
        }
        in.skipBytes(in.readableBytes());
        resetHead();
        messageEnded = false;
        state = State.CLOSED;
    }

    private boolean step(ByteBuf in, List<Object> out) {
        switch (state) {
            case START:
                return readStart(in, out);
            case HEADERS:
                return readHead(in, out);
            case BODY_LENGTH:
            case CHUNK_DATA:
                return readData(in, out);
            case CHUNK_SIZE:
                return readChunkSize(in);
            case CHUNK_DATA_END:
                return readChunkDataEnd(in);
            case TRAILERS:
                return readTrailers(in, out);
            case UNTIL_CLOSE:
                if (in.isReadable()) out.add(new BodyChunk(in.readRetainedSlice(in.readableBytes())));
                return false;
            case PASS_THROUGH:
                if (in.isReadable()) out.add(in.readRetainedSlice(in.readableBytes()));
                return false;
            default:
                in.skipBytes(in.readableBytes());
                return false;
        }
    }

    private void fail(ByteBuf in, List<Object> out, Http1Exception e) {
        in.skipBytes(in.readableBytes());
        resetHead();
        state = State.FAILED;
        out.add(new DecodeFailure(failureStatus(e), e.reason()));
    }

    /** Switches to pass-through at a message boundary, from inside decoding. */
    final void enterPassThrough() {
        resetHead();
        state = State.PASS_THROUGH;
    }

    /** Switches to FAILED after the subclass emitted its own signal; discards the input. */
    final void failSilently(ByteBuf in) {
        in.skipBytes(in.readableBytes());
        resetHead();
        state = State.FAILED;
    }

    private void resetHead() {
        headPos = 0;
        lineScanned = 0;
        emptyLines = 0;
        headBegun = false;
        fieldBytes = 0;
        fields = null;
    }

    // ---- heads -----------------------------------------------------------------------------------

    private boolean readStart(ByteBuf in, List<Object> out) {
        int base = in.readerIndex();
        int end = in.writerIndex();
        if (!headBegun) {
            if (headPos == 0) {
                if (base == end) return false;
                if (!beforeMessage(in, out)) return false;
            }
            for (;;) {
                int p = base + headPos;
                if (p >= end) return false;
                byte b = in.getByte(p);
                if (b == LF) {
                    headPos++;
                } else if (b == CR) {
                    if (p + 1 >= end) return false;
                    if (in.getByte(p + 1) != LF) throw new Http1Exception(400, "Bare CR in head");
                    headPos += 2;
                } else {
                    headBegun = true;
                    break;
                }
                if (++emptyLines > maxLeadingEmptyLines()) throw tooManyEmptyLines();
            }
        }
        int lineStart = base + headPos;
        int lf = findLf(in, lineStart, limits.maxStartLine() + 2);
        if (lf == NOT_FOUND) return false;
        if (lf == TOO_LONG) throw startLineTooLong();
        int len = lf - lineStart;
        if (len > 0 && in.getByte(lf - 1) == CR) len--;
        if (len > limits.maxStartLine()) throw startLineTooLong();
        parseStartLine(copy(in, lineStart, len), len);
        headPos = lf + 1 - base;
        fields = new Headers();
        fieldBytes = 0;
        state = State.HEADERS;
        return true;
    }

    private boolean readHead(ByteBuf in, List<Object> out) {
        if (!readFields(in, false)) return false;
        Headers headers = fields;
        Framing framing = headComplete(headers, out);
        in.skipBytes(headPos);
        resetHead();
        switch (framing.kind()) {
            case LENGTH:
                if (framing.length() == 0) {
                    endMessage(out, null);
                } else {
                    remaining = framing.length();
                    state = State.BODY_LENGTH;
                }
                break;
            case CHUNKED:
                state = State.CHUNK_SIZE;
                break;
            case UNTIL_CLOSE:
                state = State.UNTIL_CLOSE;
                break;
            default:
                endMessage(out, null);
        }
        return true;
    }

    private void endMessage(List<Object> out, Headers trailers) {
        messageEnded = true;
        out.add(new BodyEnd(trailers == null ? new Headers() : trailers));
        state = State.START;
        messageComplete();
    }

    /** Reads field lines into {@link #fields} up to the empty line; false when more input is needed. */
    private boolean readFields(ByteBuf in, boolean trailers) {
        int base = in.readerIndex();
        for (;;) {
            int lineStart = base + headPos;
            int budget = limits.maxHeaderBytes() - fieldBytes;
            int lf = findLf(in, lineStart, budget + 2);
            if (lf == NOT_FOUND) return false;
            if (lf == TOO_LONG) throw headerTooLarge();
            boolean crlf = lf > lineStart && in.getByte(lf - 1) == CR;
            if (trailers && !crlf) throw new Http1Exception(400, "Bare LF in chunked trailer section");
            int len = lf - lineStart - (crlf ? 1 : 0);
            headPos = lf + 1 - base;
            if (len == 0) return true;
            fieldBytes += lf + 1 - lineStart;
            if (fieldBytes > limits.maxHeaderBytes()) throw headerTooLarge();
            if (fields.size() >= limits.maxHeaderFields()) {
                throw new Http1Exception(431, "More than " + limits.maxHeaderFields() + " header fields");
            }
            parseField(copy(in, lineStart, len), len, fields.isEmpty());
        }
    }

    private Http1Exception headerTooLarge() {
        return new Http1Exception(431, "Header block longer than " + limits.maxHeaderBytes() + " bytes");
    }

    private void parseField(byte[] a, int len, boolean first) {
        byte b0 = a[0];
        if (Syntax.isWs(b0)) {
            throw new Http1Exception(400, first ? "Whitespace before the first header line" : "obs-fold header line");
        }
        int i = 0;
        while (i < len && Syntax.isToken(a[i])) i++;
        if (i == len) throw new Http1Exception(400, "Header line without a colon");
        byte b = a[i];
        if (b != ':') {
            if (b == CR) throw new Http1Exception(400, "Bare CR in header");
            if (Syntax.isWs(b)) {
                int j = i;
                while (j < len && Syntax.isWs(a[j])) j++;
                if (j < len && a[j] == ':') {
                    throw new Http1Exception(400, "Whitespace between header name and colon");
                }
            }
            for (int j = i; j < len; j++) {
                if (a[j] == ':') throw new Http1Exception(400, "Invalid character in header name");
            }
            throw new Http1Exception(400, "Header line without a colon");
        }
        if (i == 0) throw new Http1Exception(400, "Empty header name");
        int vs = i + 1;
        int ve = len;
        while (vs < ve && Syntax.isWs(a[vs])) vs++;
        while (ve > vs && Syntax.isWs(a[ve - 1])) ve--;
        for (int k = vs; k < ve; k++) {
            if (!Syntax.isFieldChar(a[k])) {
                throw new Http1Exception(400, a[k] == CR ? "Bare CR in header" : "Invalid character in header value");
            }
        }
        fields.add(FieldNames.name(a, i), new String(a, vs, ve - vs, ISO_8859_1));
    }

    /**
     * Finds the LF ending the line that starts at {@code lineStart} within {@code window} bytes
     * (content plus CRLF). Remembers how far it searched so byte-by-byte input stays linear.
     */
    private int findLf(ByteBuf in, int lineStart, int window) {
        int end = in.writerIndex();
        int limit = lineStart + window;
        int from = lineStart + lineScanned;
        int to = Math.min(end, limit);
        if (from < to) {
            int lf = in.indexOf(from, to, LF);
            if (lf >= 0) {
                lineScanned = 0;
                return lf;
            }
            lineScanned = to - lineStart;
        }
        return end >= limit ? TOO_LONG : NOT_FOUND;
    }

    private byte[] copy(ByteBuf in, int index, int len) {
        if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
        in.getBytes(index, scratch, 0, len);
        return scratch;
    }

    // ---- bodies ----------------------------------------------------------------------------------

    private boolean readData(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable == 0) return false;
        int n = (int) Math.min(remaining, readable);
        out.add(new BodyChunk(in.readRetainedSlice(n)));
        remaining -= n;
        if (remaining == 0) {
            if (state == State.BODY_LENGTH) {
                endMessage(out, null);
            } else {
                state = State.CHUNK_DATA_END;
            }
        }
        return true;
    }

    private boolean readChunkSize(ByteBuf in) {
        int start = in.readerIndex();
        int lf = findLf(in, start, MAX_HEX_DIGITS + limits.maxChunkExtension() + 2);
        if (lf == NOT_FOUND) return false;
        if (lf == TOO_LONG) throw new Http1Exception(400, "Chunk size line too long");
        if (lf == start || in.getByte(lf - 1) != CR) throw new Http1Exception(400, "Bare LF in chunk size line");
        int len = lf - 1 - start;
        long size = parseChunkSize(copy(in, start, len), len);
        in.skipBytes(lf + 1 - start);
        if (size == 0) {
            fields = new Headers();
            fieldBytes = 0;
            headPos = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private long parseChunkSize(byte[] a, int len) {
        int digits = 0;
        while (digits < len && hexValue(a[digits]) >= 0) digits++;
        if (digits == 0) {
            throw new Http1Exception(400, len > 0 && a[0] == CR ? "Bare CR in chunk size line" : "Invalid chunk size");
        }
        if (digits > MAX_HEX_DIGITS) throw new Http1Exception(400, "Chunk size with more than 16 hex digits");
        long v = 0;
        for (int i = 0; i < digits; i++) {
            if (v > (Long.MAX_VALUE >> 4)) throw new Http1Exception(400, "Chunk size above 2^63-1");
            v = (v << 4) | hexValue(a[i]);
        }
        if (digits < len) {
            byte b = a[digits];
            if (b == CR) throw new Http1Exception(400, "Bare CR in chunk size line");
            if (b != ';' && !Syntax.isWs(b)) throw new Http1Exception(400, "Invalid chunk size");
            if (len - digits > limits.maxChunkExtension()) {
                throw new Http1Exception(400, "Chunk extensions longer than " + limits.maxChunkExtension() + " bytes");
            }
            parseChunkExtensions(a, digits, len);
        }
        return v;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )} of RFC 9112 §7.1.1. */
    private static void parseChunkExtensions(byte[] a, int i, int len) {
        while (i < len) {
            while (i < len && Syntax.isWs(a[i])) i++;
            if (i == len || a[i] != ';') throw badExtension(a, i, len);
            i++;
            while (i < len && Syntax.isWs(a[i])) i++;
            int nameStart = i;
            while (i < len && Syntax.isToken(a[i])) i++;
            if (i == nameStart) throw badExtension(a, i, len);
            int afterName = i;
            while (i < len && Syntax.isWs(a[i])) i++;
            if (i == len || a[i] != '=') {
                i = afterName; // the loop head requires ';' next (trailing whitespace is refused there)
                continue;
            }
            i++;
            while (i < len && Syntax.isWs(a[i])) i++;
            if (i < len && a[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) throw new Http1Exception(400, "Unterminated quoted string in chunk extension");
                    byte b = a[i];
                    if (b == '"') {
                        i++;
                        break;
                    }
                    if (b == '\\') {
                        i++;
                        if (i >= len || !Syntax.isFieldChar(a[i])) throw badExtension(a, i, len);
                    } else if (!Syntax.isFieldChar(b)) {
                        throw badExtension(a, i, len);
                    }
                    i++;
                }
            } else {
                int valueStart = i;
                while (i < len && Syntax.isToken(a[i])) i++;
                if (i == valueStart) throw badExtension(a, i, len);
            }
        }
    }

    private static Http1Exception badExtension(byte[] a, int i, int len) {
        if (i < len && a[i] == CR) return new Http1Exception(400, "Bare CR in chunk extension");
        return new Http1Exception(400, "Invalid chunk extension");
    }

    private boolean readChunkDataEnd(ByteBuf in) {
        if (!in.isReadable()) return false;
        int r = in.readerIndex();
        byte b = in.getByte(r);
        if (b != CR) {
            throw new Http1Exception(400, b == LF ? "Bare LF after chunk data" : "Chunk data longer than its announced size");
        }
        if (in.readableBytes() < 2) return false;
        if (in.getByte(r + 1) != LF) throw new Http1Exception(400, "Bare CR after chunk data");
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean readTrailers(ByteBuf in, List<Object> out) {
        if (!readFields(in, true)) return false;
        Headers trailers = fields;
        for (int i = 0, n = trailers.size(); i < n; i++) {
            String name = trailers.field(i).name();
            if (Headers.nameEquals(name, "content-length") || Headers.nameEquals(name, "transfer-encoding")
                    || Headers.nameEquals(name, "host") || Headers.nameEquals(name, "trailer")) {
                throw new Http1Exception(400, name + " in chunked trailers");
            }
        }
        in.skipBytes(headPos);
        resetHead();
        endMessage(out, trailers);
        return true;
    }
}
