package dev.sluice.testsupport;

import dev.sluice.flow.Url;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request exactly as a client writes it to the proxy: absolute-form target, headers in order,
 * {@code Connection: close} last so the proxy closes after answering. The Host header defaults to
 * the URL's authority; setting another one changes the pretty host and URL that filters and rules
 * see while the proxy still connects to the URL's address (so tests can use the spec's host names
 * against a local origin).
 */
public final class RawRequest {

    private final String method;
    private final String url;
    private String version = "HTTP/1.1";
    private String host;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    private RawRequest(String method, String url) {
        this.method = method;
        this.url = url;
        this.host = Url.parse(url).authority();
    }

    public static RawRequest of(String method, String url) {
        return new RawRequest(method, url);
    }

    public static RawRequest get(String url) {
        return of("GET", url);
    }

    /** The Host header's value; null sends none. */
    public RawRequest host(String host) {
        this.host = host;
        return this;
    }

    public RawRequest version(String version) {
        this.version = version;
        return this;
    }

    public RawRequest header(String name, String value) {
        headers.add(new String[]{name, value});
        return this;
    }

    /** A body with its Content-Length. */
    public RawRequest body(byte[] body) {
        this.body = body;
        return this;
    }

    public RawRequest body(String utf8) {
        return body(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        StringBuilder head = new StringBuilder(method + " " + url + " " + version + "\r\n");
        if (host != null) head.append("Host: ").append(host).append("\r\n");
        for (String[] h : headers) head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.writeBytes(body);
        return out.toByteArray();
    }
}
