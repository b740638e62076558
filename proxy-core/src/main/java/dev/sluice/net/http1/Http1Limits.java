package dev.sluice.net.http1;

/**
 * Size limits of the HTTP/1 decoders (security.md §4). A request that exceeds them is refused
 * (414 for the request line, 431 for the header block, 400 otherwise); a response is replaced by
 * a 502. The same limits apply to chunked trailers.
 *
 * @param maxStartLine         longest request line or status line, in bytes without the line end
 * @param maxHeaderBytes       longest header block (all field lines with their line ends)
 * @param maxHeaderFields      most header fields in one head (or one trailer section)
 * @param maxChunkExtension    longest chunk extension (everything between the hex size and CRLF)
 * @param maxLeadingEmptyLines most empty lines tolerated before a request line
 */
public record Http1Limits(int maxStartLine, int maxHeaderBytes, int maxHeaderFields, int maxChunkExtension,
                          int maxLeadingEmptyLines) {

    /** 16 KiB request line, 64 KiB or 500 header fields, 4 KiB chunk extensions, 16 empty lines. */
    public static final Http1Limits DEFAULTS = new Http1Limits(16 * 1024, 64 * 1024, 500, 4 * 1024, 16);

    public Http1Limits {
        if (maxStartLine < 16 || maxHeaderBytes < 16 || maxHeaderFields < 1 || maxChunkExtension < 0
                || maxLeadingEmptyLines < 0) {
            throw new IllegalArgumentException("HTTP/1 limits out of range");
        }
    }
}
