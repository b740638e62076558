package dev.sluice.flow;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** What requests and responses share: version, headers, body, trailers, timestamps, streaming. */
public abstract sealed class Message permits Request, Response {

    private String httpVersion;
    private Headers headers;
    private Body body;              // null = absent (streamed or not kept)
    private Headers trailers;       // null = none
    private double timestampStart;
    private double timestampEnd;
    private boolean streamed;
    private long streamedSize = -1;
    private UnaryOperator<byte[]> streamTransform;

    protected Message(String httpVersion, Headers headers, Body body) {
        this.httpVersion = httpVersion;
        this.headers = headers;
        this.body = body;
    }

    protected void copyInto(Message m) {
        m.httpVersion = httpVersion;
        m.headers = headers.copy();
        m.body = body == null ? null : body.share();
        m.trailers = trailers == null ? null : trailers.copy();
        m.timestampStart = timestampStart;
        m.timestampEnd = timestampEnd;
        m.streamed = streamed;
        m.streamedSize = streamedSize;
    }

    public String httpVersion() {
        return httpVersion;
    }

    public void setHttpVersion(String v) {
        this.httpVersion = v;
    }

    /** Whether the message was carried by HTTP/1.0 or HTTP/1.1 (else HTTP/2 or later). */
    public boolean isHttp1() {
        return httpVersion != null && httpVersion.startsWith("HTTP/1");
    }

    /**
     * Makes a message recorded over HTTP/2 or later fit an HTTP/1.1 connection: version HTTP/1.1,
     * no pseudo-header fields ({@code :authority}, {@code :status}, ...). HTTP/1 messages are left alone.
     */
    public void downgradeToHttp1() {
        if (isHttp1()) return;
        httpVersion = "HTTP/1.1";
        headers.removeIf(f -> f.name().startsWith(":"));
    }

    public boolean isHttp10() {
        return "HTTP/1.0".equals(httpVersion);
    }

    public Headers headers() {
        return headers;
    }

    public void setHeaders(Headers headers) {
        this.headers = headers;
    }

    /** The raw body, or null when absent. */
    public Body body() {
        return body;
    }

    /** Sets the body; the one it replaces lets go of its file, if it had one. */
    public void setBody(Body body) {
        Body old = this.body;
        this.body = body;
        if (old != null && old != body) old.release();
    }

    public Headers trailers() {
        return trailers;
    }

    public void setTrailers(Headers trailers) {
        this.trailers = trailers;
    }

    /** Raw (still encoded) bytes, or null when absent. */
    public byte[] rawContent() {
        return body == null ? null : body.bytes();
    }

    /** Sets raw bytes; Content-Length follows unless the message uses Transfer-Encoding. */
    public void setRawContent(byte[] raw) {
        setRawBody(raw == null ? null : Body.of(raw));
    }

    /** Sets the raw body (in memory or on disk); Content-Length follows unless the message uses Transfer-Encoding. */
    public void setRawBody(Body raw) {
        setBody(raw);
        if (raw != null && !headers.contains("transfer-encoding") && (headers.contains("content-length") || raw.size() > 0)) {
            headers.set("content-length", Long.toString(raw.size()));
        }
    }

    /** The decoded body as a stream (for bodies too large to read whole), or null when absent. */
    public java.io.InputStream openContent() throws java.io.IOException {
        return body == null ? null : ContentEncoding.decoding(body.openStream(), headers.get("content-encoding"));
    }

    /** How much of a body kept on disk body filters match. */
    public static final int DISK_PREFIX = 16 << 20;
    /** How much of a body kept on disk the console and the dump show. */
    public static final int DISK_SHOWN = 1 << 20;

    /**
     * The decoded body (the raw one when decoding fails) as matching and display see it: whole
     * when in memory, its first {@code diskLimit} bytes, read through a stream, when kept on
     * disk (a huge body is never read whole). Null when absent.
     */
    public byte[] contentSeen(int diskLimit) {
        if (body == null) return null;
        if (body.inMemory()) return contentOrRaw();
        return contentPrefix(diskLimit);
    }

    private byte[] contentPrefix(int max) {
        try (java.io.InputStream in = openContent()) {
            return in.readNBytes(max);
        } catch (java.io.IOException decodeFailed) {
            try (java.io.InputStream raw = body.openStream()) {
                return raw.readNBytes(max);
            } catch (java.io.IOException unreadable) {
                return new byte[0];
            }
        }
    }

    /** The decoded body, or null when absent. */
    public byte[] content() throws ContentEncoding.DecodeException {
        return body == null ? null : ContentEncoding.decode(body.bytes(), headers.get("content-encoding"));
    }

    /** The decoded body, or the raw body when decoding fails (for matching and display). */
    public byte[] contentOrRaw() {
        if (body == null) return null;
        try {
            return content();
        } catch (ContentEncoding.DecodeException e) {
            return body.bytes();
        }
    }

    /** Sets the decoded body: re-applies the message's Content-Encoding and rewrites Content-Length. */
    public void setContent(byte[] decoded) {
        if (decoded == null) {
            setBody(null);
            return;
        }
        String ce = headers.get("content-encoding");
        setRawContent(ContentEncoding.encode(decoded, ce));
    }

    /** Undoes the content encoding: the body becomes the decoded bytes and Content-Encoding goes. */
    public void decode() throws ContentEncoding.DecodeException {
        if (body == null) return;
        byte[] plain = content();
        headers.remove("content-encoding");
        setRawContent(plain);
    }

    /** Encodes an unencoded body with one coding (gzip, deflate, br, zstd) and says so in Content-Encoding. */
    public void encode(String coding) {
        if (body == null) return;
        byte[] plain = body.bytes();
        headers.set("content-encoding", coding);
        setRawContent(ContentEncoding.encode(plain, coding));
    }

    /** The decoded body as text (charset from Content-Type, UTF-8 otherwise), or null when absent. */
    public String text() {
        byte[] c = contentOrRaw();
        return c == null ? null : new String(c, charset());
    }

    public void setText(String text) {
        setContent(text == null ? null : text.getBytes(charset()));
    }

    public Charset charset() {
        String ct = headers.get("content-type");
        if (ct != null) {
            for (String part : ct.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException ignored) {
                        // fall through to the default
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    public double timestampStart() {
        return timestampStart;
    }

    public void setTimestampStart(double t) {
        this.timestampStart = t;
    }

    public double timestampEnd() {
        return timestampEnd;
    }

    public void setTimestampEnd(double t) {
        this.timestampEnd = t;
    }

    /** Whether the body passes through in chunks instead of being gathered (decided in the headers hooks). */
    public boolean isStreamed() {
        return streamed;
    }

    public void setStreamed(boolean streamed) {
        this.streamed = streamed;
    }

    /** A per-chunk transform applied to a streamed body (implies streaming); null = pass through. */
    public UnaryOperator<byte[]> streamTransform() {
        return streamTransform;
    }

    public void setStreamTransform(UnaryOperator<byte[]> transform) {
        this.streamTransform = transform;
        if (transform != null) this.streamed = true;
    }

    /** Size of a streamed body once it has passed, -1 while unknown. */
    public long streamedSize() {
        return streamedSize;
    }

    public void setStreamedSize(long size) {
        this.streamedSize = size;
    }

    /** Size of the raw body as the dump and list show it; -1 when absent. */
    public long bodySize() {
        if (body != null) return body.size();
        return streamedSize;
    }
}
