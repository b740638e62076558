package dev.sluice.flow;

/** A small absolute-URL parser for http(s) URLs: no normalisation, exact errors. */
public record Url(String scheme, String host, int port, String path) {

    public static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    public String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority() + path;
    }

    /** Parses {@code scheme://host[:port][/path][?query]}; throws IllegalArgumentException with the reason. */
    public static Url parse(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) throw new IllegalArgumentException("not an absolute URL");
        String scheme = Headers.asciiLowerCase(url.substring(0, sep));
        if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("unsupported scheme " + scheme);
        int start = sep + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        String authority = url.substring(start, end);
        if (authority.indexOf('@') >= 0) throw new IllegalArgumentException("user info is not allowed");
        String path = end < url.length() ? url.substring(end) : "/";
        int hash = path.indexOf('#');
        if (hash >= 0) path = path.substring(0, hash);
        if (path.startsWith("?")) path = "/" + path;
        if (path.isEmpty()) path = "/";
        String host = hostOf(authority);
        if (host.isEmpty()) throw new IllegalArgumentException("missing host");
        int port = portOf(authority, defaultPort(scheme));
        return new Url(scheme, Headers.asciiLowerCase(host), port, path);
    }

    /** The host of {@code host[:port]} (IPv6 brackets removed). */
    public static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("bad IPv6 literal");
            return authority.substring(1, close);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** The port of {@code host[:port]}, or the fallback; throws IllegalArgumentException for a bad port. */
    public static int portOf(String authority, int fallback) {
        int from = authority.startsWith("[") ? authority.indexOf(']') + 1 : 0;
        int colon = authority.indexOf(':', from);
        if (colon < 0) return fallback;
        String p = authority.substring(colon + 1);
        if (p.isEmpty() || p.length() > 5) throw new IllegalArgumentException("bad port: " + p);
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("bad port: " + p);
            v = v * 10 + (c - '0');
        }
        if (v < 1 || v > 65535) throw new IllegalArgumentException("bad port: " + p);
        return v;
    }
}
