package dev.sluice.net.http1;

import dev.sluice.flow.Headers;

/**
 * A status line and header block exactly as received (see {@link RequestHead} for the header
 * rules). {@code reason} may be empty. {@code framing} accounts for the request method: a
 * response to HEAD has framing NONE even with a Content-Length.
 */
public record ResponseHead(String version, int status, String reason, Headers headers, Framing framing) {

    public ResponseHead {
        if (version == null || reason == null || headers == null || framing == null) {
            throw new NullPointerException("response head fields");
        }
    }

    /** 1xx other than 101: an interim response; the final response for the same request follows. */
    public boolean isInterim() {
        return status >= 100 && status < 200 && status != 101;
    }

    /**
     * Whether the server keeps the connection open after this response: false for a
     * close-delimited body, for {@code Connection: close}, and for HTTP/1.0 without
     * {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        if (framing.kind() == Framing.Kind.UNTIL_CLOSE) return false;
        if ("HTTP/1.1".equals(version)) return !Syntax.connectionHas(headers, "close");
        return Syntax.connectionHas(headers, "keep-alive");
    }

    public ResponseHead withFraming(Framing newFraming) {
        return new ResponseHead(version, status, reason, headers, newFraming);
    }
}
