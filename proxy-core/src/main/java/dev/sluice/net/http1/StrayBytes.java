package dev.sluice.net.http1;

/**
 * Response decoder only: the server sent bytes while no response was expected (no
 * {@link Http1ResponseDecoder#expect(String) expect} outstanding): bytes after a 204, 304 or HEAD
 * response or after a complete body, or an unsolicited message on an idle connection. Every
 * response before it was delivered completely; the connection must be closed and never reused.
 * After it the decoder discards all further input.
 */
public record StrayBytes() {
    public static final StrayBytes INSTANCE = new StrayBytes();
}
