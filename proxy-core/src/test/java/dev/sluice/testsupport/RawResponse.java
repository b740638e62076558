package dev.sluice.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response as the client received it: status line, headers in order and case, and the body
 * (de-chunked). A connection closed without any response parses to status -1.
 */
public record RawResponse(String statusLine, List<String[]> headers, byte[] body) {

    public static RawResponse parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) return new RawResponse("", List.of(), new byte[0]);
        String[] lines = raw.substring(0, end).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[]{lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
        }
        String rest = raw.substring(end + 4);
        RawResponse shell = new RawResponse(lines[0], headers, new byte[0]);
        boolean chunked = "chunked".equalsIgnoreCase(shell.header("Transfer-Encoding"));
        return new RawResponse(lines[0], headers, (chunked ? dechunk(rest) : rest).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The status code, or -1 when the proxy closed without answering. */
    public int status() {
        return statusLine.isEmpty() ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
        return null;
    }

    /** Every header as {@code Name: value}, in order. */
    public List<String> headerLines() {
        return headers.stream().map(h -> h[0] + ": " + h[1]).toList();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", pos);
            int size = Integer.parseInt(chunked.substring(pos, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) return out.toString(StandardCharsets.ISO_8859_1);
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            pos = lineEnd + 2 + size + 2;
        }
    }
}
