package dev.sluice.net.http1;

import static dev.sluice.net.http1.Syntax.CR;
import static dev.sluice.net.http1.Syntax.SP;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.sluice.flow.Headers;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Strict HTTP/1.x response decoder for the server side of the proxy (security.md §2–§4,
 * response column: every violation is a {@link DecodeFailure} with status 502). The pipeline
 * calls {@link #expect(String)} with the method of each request it sends (a FIFO), because the
 * framing of a response depends on it.
 *
 * <p>Emits per response {@link ResponseHead}, {@link BodyChunk}s, {@link BodyEnd}. Interim 1xx
 * responses (not 101) are emitted as head + BodyEnd each and the final response for the same
 * request follows. Bodies: HEAD, 1xx, 204 and 304 have none; a 101 or a 2xx answer to CONNECT has
 * none and switches the decoder to pass-through (later bytes are emitted as plain
 * {@link ByteBuf}s); without framing fields, or with only {@code gzip}/{@code deflate}/
 * {@code identity} as Transfer-Encoding, the body runs until the server closes and ends with a
 * normal BodyEnd.
 *
 * <p>Signals: bytes that arrive while no response is expected (after a 204, 304 or HEAD
 * response, after a complete body, on an idle connection) produce {@link StrayBytes}; the server
 * closing in the middle of a head or a length/chunk-delimited body, or before a pending response
 * began, produces {@link PrematureClose}. After DecodeFailure or StrayBytes the decoder discards
 * everything; the connection must be closed and not reused.
 */
public final class Http1ResponseDecoder extends Http1Decoder {

    private final ArrayDeque<String> expected = new ArrayDeque<>();
    private String version;
    private int status;
    private String reason;

    public Http1ResponseDecoder() {
        this(Http1Limits.DEFAULTS);
    }

    public Http1ResponseDecoder(Http1Limits limits) {
        super(limits);
    }

    /**
     * Announces that a request with this method was sent and its response is due. Call it on the
     * event loop, no later than writing the request.
     */
    public void expect(String requestMethod) {
        expected.add(requestMethod);
    }

    /** Requests announced with {@link #expect} whose final response has not ended yet. */
    public int pendingResponses() {
        return expected.size();
    }

    @Override
    boolean beforeMessage(ByteBuf in, List<Object> out) {
        if (!expected.isEmpty()) return true;
        failSilently(in);
        out.add(StrayBytes.INSTANCE);
        return false;
    }

    @Override
    int maxLeadingEmptyLines() {
        return 0;
    }

    @Override
    Http1Exception tooManyEmptyLines() {
        return new Http1Exception(502, "Empty line before the status line");
    }

    @Override
    Http1Exception startLineTooLong() {
        return new Http1Exception(502, "Status line longer than " + limits.maxStartLine() + " bytes");
    }

    @Override
    int failureStatus(Http1Exception e) {
        return 502;
    }

    @Override
    boolean closeInterrupts() {
        return !expected.isEmpty();
    }

    @Override
    void parseStartLine(byte[] a, int len) {
        int i = 0;
        while (i < len && a[i] != SP && a[i] != CR) i++;
        if (i < len && a[i] == CR) throw bad("Bare CR in status line");
        version = Http1RequestDecoder.version(a, 0, i);
        if (version == null) throw bad("Invalid HTTP version in status line");
        if (i == len) throw bad("Invalid status line");
        i++;
        if (len - i < 3) throw bad("Invalid status line");
        int s = 0;
        for (int k = i; k < i + 3; k++) {
            byte b = a[k];
            if (b < '0' || b > '9') throw bad(b == CR ? "Bare CR in status line" : "Invalid status code");
            s = s * 10 + (b - '0');
        }
        if (s < 100) throw bad("Invalid status code");
        i += 3;
        if (i < len) {
            if (a[i] != SP) throw bad(a[i] == CR ? "Bare CR in status line" : "Invalid status code");
            i++;
        }
        for (int k = i; k < len; k++) {
            if (!Syntax.isFieldChar(a[k])) throw bad(a[k] == CR ? "Bare CR in status line" : "Invalid character in reason phrase");
        }
        status = s;
        int n = len - i;
        reason = n == 2 && a[i] == 'O' && a[i + 1] == 'K' ? "OK" : n == 0 ? "" : new String(a, i, n, ISO_8859_1);
    }

    private static Http1Exception bad(String reason) {
        return new Http1Exception(502, reason);
    }

    @Override
    Framing headComplete(Headers headers, List<Object> out) {
        Framing framing = Framing.forResponse(expected.peek(), status, version, headers);
        out.add(new ResponseHead(version, status, reason, headers, framing));
        return framing;
    }

    @Override
    void messageComplete() {
        if (status >= 100 && status < 200 && status != 101) return; // interim: the final response follows
        String method = expected.poll();
        if (status == 101 || ("CONNECT".equals(method) && status < 300 && status >= 200)) enterPassThrough();
    }
}
