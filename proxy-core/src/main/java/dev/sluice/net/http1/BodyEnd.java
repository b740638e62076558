package dev.sluice.net.http1;

import dev.sluice.flow.Headers;

/**
 * Ends every message, also one without a body (head, then BodyEnd). {@code trailers} is empty
 * unless a chunked body carried a trailer section. On the encoder it writes the last chunk and
 * the trailers of a chunked message; trailers given for another framing are dropped.
 */
public record BodyEnd(Headers trailers) {

    public BodyEnd {
        if (trailers == null) throw new NullPointerException("trailers");
    }

    /** A BodyEnd without trailers (a fresh, mutable Headers each time). */
    public static BodyEnd empty() {
        return new BodyEnd(new Headers());
    }
}
