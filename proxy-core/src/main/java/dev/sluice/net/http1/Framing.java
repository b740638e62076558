package dev.sluice.net.http1;

import dev.sluice.flow.Headers;

/**
 * How a message body is delimited on the wire. The head decides it (from {@code Content-Length},
 * {@code Transfer-Encoding}, the status and the request method); the decoder reads the body
 * accordingly and the encoder writes it accordingly.
 *
 * <ul>
 *   <li>{@link Kind#NONE}: no body (requests without framing headers, CONNECT, 1xx/204/304 and
 *       HEAD responses, 2xx responses to CONNECT).</li>
 *   <li>{@link Kind#LENGTH}: exactly {@link #length()} bytes ({@code Content-Length}; may be 0).</li>
 *   <li>{@link Kind#CHUNKED}: chunked transfer coding (last coding of {@code Transfer-Encoding}).</li>
 *   <li>{@link Kind#UNTIL_CLOSE}: responses only, the body ends when the server closes.</li>
 * </ul>
 *
 * Framing keywords and field names are compared with ASCII-only case folding.
 */
public record Framing(Kind kind, long length) {

    public enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    public static final Framing NONE = new Framing(Kind.NONE, -1);
    public static final Framing CHUNKED = new Framing(Kind.CHUNKED, -1);
    public static final Framing UNTIL_CLOSE = new Framing(Kind.UNTIL_CLOSE, -1);
    private static final Framing ZERO = new Framing(Kind.LENGTH, 0);

    public Framing {
        if (kind == null) throw new NullPointerException("kind");
        if (kind == Kind.LENGTH ? length < 0 : length != -1) {
            throw new IllegalArgumentException("length must be >= 0 for LENGTH and -1 otherwise");
        }
    }

    /** A body of exactly {@code n} bytes. */
    public static Framing ofLength(long n) {
        return n == 0 ? ZERO : new Framing(Kind.LENGTH, n);
    }

    /** Whether body bytes may follow the head (LENGTH above 0, CHUNKED, UNTIL_CLOSE). */
    public boolean hasBody() {
        return kind == Kind.LENGTH ? length > 0 : kind != Kind.NONE;
    }

    @Override
    public String toString() {
        return kind == Kind.LENGTH ? "LENGTH(" + length + ")" : kind.name();
    }

    // ----------------------------------------------------------------------------------------
    // Deciding the framing of a received head

    private static final int TE_INVALID = 0;
    private static final int TE_CHUNKED = 1;
    private static final int TE_CLOSE = 2;

    /**
     * The framing of a request (any method; the request decoder additionally refuses a body on
     * CONNECT). Throws {@link Http1Exception} (400) for ambiguous or invalid framing headers
     * (security.md §2): Content-Length together with Transfer-Encoding, repeated fields, a
     * Content-Length that is not {@code 0} or {@code [1-9][0-9]*} up to 2^63−1, a Transfer-Encoding
     * other than {@code chunked}, {@code gzip, chunked} or {@code deflate, chunked}, or any
     * Transfer-Encoding in HTTP/1.0. Without either field the request has no body.
     */
    public static Framing forRequest(Headers headers, String version) {
        return decide(headers, version, 400, false, null, 200);
    }

    /**
     * The framing of a response to a request with the given method (security.md §2, response
     * column). Throws {@link Http1Exception} (502) for invalid framing headers, which are checked
     * even when the response has no body: Transfer-Encoding on a 1xx or 204 response, the request
     * rules above, except that {@code gzip}, {@code deflate} or {@code identity} alone mean
     * "read until close". Returns NONE for 1xx, 204, 304, HEAD and 2xx-to-CONNECT responses;
     * UNTIL_CLOSE when neither field is present.
     */
    public static Framing forResponse(String requestMethod, int status, String version, Headers headers) {
        return decide(headers, version, 502, true, requestMethod, status);
    }

    private static Framing decide(Headers headers, String version, int errorStatus, boolean response,
                                  String method, int status) {
        int clCount = 0, teCount = 0;
        String cl = null, te = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Headers.Field f = headers.field(i);
            String name = f.name();
            if (name.length() == 14 && Headers.nameEquals(name, "content-length")) {
                if (clCount++ == 0) cl = f.value();
            } else if (name.length() == 17 && Headers.nameEquals(name, "transfer-encoding")) {
                if (teCount++ == 0) te = f.value();
            }
        }
        if (clCount > 0 && teCount > 0) {
            throw new Http1Exception(errorStatus, "Content-Length and Transfer-Encoding both present");
        }
        if (clCount > 1) throw new Http1Exception(errorStatus, "Multiple Content-Length headers");
        if (teCount > 1) throw new Http1Exception(errorStatus, "Multiple Transfer-Encoding headers");
        long length = -1;
        int coding = TE_INVALID;
        if (clCount == 1) {
            length = parseContentLength(cl);
            if (length < 0) throw new Http1Exception(errorStatus, "Invalid Content-Length header");
        } else if (teCount == 1) {
            if (!"HTTP/1.1".equals(version)) {
                throw new Http1Exception(errorStatus, "Transfer-Encoding in an HTTP/1.0 message");
            }
            if (response && (status < 200 || status == 204)) {
                throw new Http1Exception(errorStatus, "Transfer-Encoding in a " + status + " response");
            }
            coding = classifyTransferEncoding(te);
            if (coding == TE_INVALID || (coding == TE_CLOSE && !response)) {
                throw new Http1Exception(errorStatus, "Unsupported Transfer-Encoding");
            }
        }
        if (response && (status < 200 || status == 204 || status == 304 || "HEAD".equals(method)
                || ("CONNECT".equals(method) && status < 300))) {
            return NONE;
        }
        if (length >= 0) return ofLength(length);
        if (coding == TE_CHUNKED) return CHUNKED;
        if (coding == TE_CLOSE) return UNTIL_CLOSE;
        return response ? UNTIL_CLOSE : NONE;
    }

    /** {@code 0} or {@code [1-9][0-9]*} up to 2^63−1 (surrounding spaces and tabs allowed), else -1. */
    static long parseContentLength(String v) {
        int a = 0, b = v.length();
        while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) a++;
        while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) b--;
        if (a == b || b - a > 19) return -1;
        if (v.charAt(a) == '0') return b - a == 1 ? 0 : -1;
        long n = 0;
        for (int i = a; i < b; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return -1;
            int d = c - '0';
            if (n > (Long.MAX_VALUE - d) / 10) return -1;
            n = n * 10 + d;
        }
        return n;
    }

    /**
     * Compares a Transfer-Encoding value after ASCII lower-casing and removing spaces and tabs
     * around commas (and at the ends); any other byte, including non-ASCII, never matches.
     */
    private static int classifyTransferEncoding(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        int i = 0, n = v.length();
        while (i < n) {
            while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) i++;
            int start = sb.length();
            while (i < n && v.charAt(i) != ',') {
                char c = v.charAt(i++);
                if (c > 0x7E) return TE_INVALID;
                sb.append(Headers.asciiLower(c));
            }
            int end = sb.length();
            while (end > start && (sb.charAt(end - 1) == ' ' || sb.charAt(end - 1) == '\t')) end--;
            sb.setLength(end);
            if (i < n) {
                sb.append(',');
                i++;
                if (i == n) return TE_INVALID; // trailing comma: an empty element
            }
        }
        switch (sb.toString()) {
            case "chunked":
            case "gzip,chunked":
            case "deflate,chunked":
                return TE_CHUNKED;
            case "gzip":
            case "deflate":
            case "identity":
                return TE_CLOSE;
            default:
                return TE_INVALID;
        }
    }

    /** Whether the last coding of a Transfer-Encoding value is {@code chunked}. */
    static boolean endsWithChunked(String te) {
        int b = te.length();
        while (b > 0 && (te.charAt(b - 1) == ' ' || te.charAt(b - 1) == '\t')) b--;
        int a = b;
        while (a > 0 && te.charAt(a - 1) != ',' && te.charAt(a - 1) != ' ' && te.charAt(a - 1) != '\t') a--;
        return b - a == 7 && Headers.nameEquals(te.substring(a, b), "chunked");
    }

    // ----------------------------------------------------------------------------------------
    // Re-framing a head whose body the proxy forwards differently

    /**
     * Declares a body of exactly {@code length} bytes: removes every {@code Transfer-Encoding},
     * sets {@code Content-Length} (an existing field keeps its place and spelling).
     */
    public static Framing setContentLength(Headers headers, long length) {
        if (length < 0) throw new IllegalArgumentException("negative length");
        headers.remove("Transfer-Encoding");
        headers.set("Content-Length", Long.toString(length));
        return ofLength(length);
    }

    /**
     * Declares a chunked body (HTTP/1.1 peers only): removes {@code Content-Length}; adds
     * {@code Transfer-Encoding: chunked}, or appends {@code , chunked} to a Transfer-Encoding whose
     * last coding is not chunked (for example {@code gzip} on a close-delimited response).
     */
    public static Framing setChunked(Headers headers) {
        headers.remove("Content-Length");
        String te = headers.get("Transfer-Encoding");
        if (te == null) {
            headers.add("Transfer-Encoding", "chunked");
        } else if (!endsWithChunked(te)) {
            headers.set("Transfer-Encoding", te.isEmpty() ? "chunked" : te + ", chunked");
        }
        return CHUNKED;
    }

    /**
     * mitmproxy's rule for a message forwarded with a complete (gathered, possibly changed) body
     * of {@code bodyLength} bytes to an HTTP/1.1 peer: a message with {@code Transfer-Encoding}
     * stays chunked ({@link #setChunked}); otherwise {@code Content-Length} is set to the length.
     * Only for messages that carry a body: not for HEAD, 1xx, 204 or 304 responses, and not for a
     * request without a body whose body was left unchanged (that would add Content-Length: 0).
     */
    public static Framing reframe(Headers headers, long bodyLength) {
        if (headers.contains("Transfer-Encoding")) return setChunked(headers);
        return setContentLength(headers, bodyLength);
    }

    /**
     * Framing for a response body of unknown length (streamed, or close-delimited from the
     * server) sent to a client speaking {@code peerVersion}: chunked for HTTP/1.1
     * ({@link #setChunked}); for HTTP/1.0 both framing fields are removed and the body ends when
     * the proxy closes the connection (UNTIL_CLOSE).
     */
    public static Framing reframeUnknownLength(Headers headers, String peerVersion) {
        if ("HTTP/1.1".equals(peerVersion)) return setChunked(headers);
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        return UNTIL_CLOSE;
    }
}
