package dev.sluice.flow;

import java.util.Locale;

/**
 * An HTTP request, protocol-neutral. It always knows where it goes (scheme, host, port) so the URL
 * is absolute even inside intercepted TLS. {@code path} includes the query string; for
 * authority-form (CONNECT) requests it is empty and {@code authority} is set.
 */
public final class Request extends Message {

    private String method;
    private String scheme;
    private String host;
    private int port;
    private String authority;
    private String path;

    public Request(String method, String scheme, String host, int port, String path, String httpVersion,
                   Headers headers, Body body) {
        super(httpVersion, headers, body);
        this.method = method;
        this.scheme = scheme;
        this.host = host == null ? null : Headers.asciiLowerCase(host);
        this.port = port;
        this.path = path;
        this.authority = "";
    }

    /** A request from an absolute URL, with a Host header. */
    public static Request make(String method, String url, Headers headers, Body body) {
        Url u = Url.parse(url);
        Headers h = headers == null ? new Headers() : headers;
        if (!h.contains("host")) h.add("Host", u.authority());
        return new Request(method, u.scheme(), u.host(), u.port(), u.path(), "HTTP/1.1", h, body);
    }

    public Request copy() {
        Request r = new Request(method, scheme, host, port, path, httpVersion(), headers(), body());
        r.authority = authority;
        copyInto(r);
        return r;
    }

    public String method() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public String scheme() {
        return scheme;
    }

    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    /** Connection host, lower-case. */
    public String host() {
        return host;
    }

    public void setHost(String host) {
        this.host = Headers.asciiLowerCase(host);
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String authority() {
        return authority;
    }

    public void setAuthority(String authority) {
        this.authority = authority;
    }

    public String path() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public boolean isConnect() {
        return "CONNECT".equals(method);
    }

    /**
     * Removes every {@code If-None-Match} and {@code If-Modified-Since} header, so the server cannot
     * answer {@code 304 Not Modified} (anticache).
     */
    public void anticache() {
        headers().remove("if-none-match");
        headers().remove("if-modified-since");
    }

    /** Replaces all {@code Accept-Encoding} headers by one {@code Accept-Encoding: identity} (anticomp). */
    public void anticomp() {
        headers().set("Accept-Encoding", "identity");
    }

    /** The path without its query. */
    public String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The query string without '?', or null. */
    public String query() {
        int q = path.indexOf('?');
        return q < 0 ? null : path.substring(q + 1);
    }

    /** The host part of the Host header when present (and well-formed), else the connection host. */
    public String prettyHost() {
        String h = headers().get("host");
        if (h != null && !h.isEmpty()) {
            try {
                return Url.hostOf(h);
            } catch (IllegalArgumentException malformedHostHeader) {
                // a loaded or edited flow may carry any Host header: fall back to the connection host
            }
        }
        return host;
    }

    /** URL built from the connection host and port. */
    public String url() {
        if (isConnect()) return hostPort(host, port);
        return scheme + "://" + hostPort(host, port, scheme) + path;
    }

    /** URL built from the Host header (its port, else the connection port); a malformed Host header is ignored. */
    public String prettyUrl() {
        if (isConnect()) return url();
        String h = headers().get("host");
        if (h == null || h.isEmpty()) return url();
        try {
            return scheme + "://" + hostPort(Url.hostOf(h), Url.portOf(h, port), scheme) + path;
        } catch (IllegalArgumentException malformedHostHeader) {
            return url();
        }
    }

    public static String hostPort(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    private static String hostPort(String host, int port, String scheme) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == Url.defaultPort(scheme) ? h : h + ":" + port;
    }

    /** Sets scheme, host, port and path from an absolute URL. */
    public void setUrl(String url) {
        Url u = Url.parse(url);
        scheme = u.scheme();
        host = u.host();
        port = u.port();
        path = u.path();
    }

    @Override
    public String toString() {
        return method.toUpperCase(Locale.ROOT) + " " + url();
    }
}
