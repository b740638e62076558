package dev.sluice.net.http1;

/**
 * Emitted by a decoder instead of further messages when its input is invalid. {@code status} is
 * what the client should get: 400, 414 or 431 from the request decoder, always 502 from the
 * response decoder. {@code reason} is a short plain-English description for the error page and
 * the log. May follow a head and part of its body (for example a bad chunk). After it the
 * decoder discards all further input; the connection must be closed (a client connection after
 * the error response is written, a server connection at once, never reused).
 */
public record DecodeFailure(int status, String reason) {
    public DecodeFailure {
        if (reason == null) throw new NullPointerException("reason");
    }
}
