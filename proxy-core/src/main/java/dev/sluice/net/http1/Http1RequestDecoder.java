package dev.sluice.net.http1;

import static dev.sluice.net.http1.Syntax.CR;
import static dev.sluice.net.http1.Syntax.SP;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.sluice.flow.Headers;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Strict HTTP/1.x request decoder for the client side of the proxy (security.md §2–§4, request
 * column). Emits, per request and strictly in order: {@link RequestHead}, zero or more
 * {@link BodyChunk}s, {@link BodyEnd}. Pipelined requests are all decoded as they arrive; the
 * handler after it queues them. Invalid input produces one {@link DecodeFailure} (400, 414 or
 * 431) and everything after it is discarded. A close in the middle of a request produces
 * {@link PrematureClose}.
 *
 * <p>After a CONNECT head (and its BodyEnd) the decoder switches to pass-through by itself: the
 * bytes that followed the head and every later byte are emitted as plain {@link ByteBuf}s
 * (owned by the receiver). {@link #passThrough()} does the same on demand (after a 101
 * upgrade); {@link #resumeHttp()} returns to HTTP (a refused CONNECT on a kept connection).
 *
 * <p>Target rules: origin-form is accepted (the pipeline decides per mode); absolute-form needs
 * an http or https scheme and, when a Host field is present, the same host and port (ASCII case
 * folding, default ports filled in); CONNECT needs {@code host:port}; authority-form on any other
 * method and the {@code *} form are refused unless {@code *} is allowed for OPTIONS (reverse
 * mode). HTTP/1.1 requests other than CONNECT need exactly one Host field; a CONNECT may omit it.
 */
public final class Http1RequestDecoder extends Http1Decoder {

    private final boolean allowAsteriskForm;
    private String method;
    private String target;
    private String version;
    private boolean lastWasConnect;
    private long headStartNanos = -1;

    public Http1RequestDecoder() {
        this(Http1Limits.DEFAULTS);
    }

    public Http1RequestDecoder(Http1Limits limits) {
        this(limits, false);
    }

    /** @param allowAsteriskForm accept {@code OPTIONS * HTTP/1.1} (reverse mode); refused otherwise */
    public Http1RequestDecoder(Http1Limits limits, boolean allowAsteriskForm) {
        super(limits);
        this.allowAsteriskForm = allowAsteriskForm;
    }

    /**
     * {@link System#nanoTime()} when the first byte of the request head now being received
     * arrived, or -1 when no head is in progress (for the 60 s slowloris timeout, which the
     * pipeline enforces).
     */
    public long headStartNanos() {
        return headStartNanos;
    }

    @Override
    boolean beforeMessage(ByteBuf in, List<Object> out) {
        headStartNanos = System.nanoTime();
        return true;
    }

    @Override
    int maxLeadingEmptyLines() {
        return limits.maxLeadingEmptyLines();
    }

    @Override
    Http1Exception tooManyEmptyLines() {
        return new Http1Exception(400, "More than " + limits.maxLeadingEmptyLines() + " empty lines before the request line");
    }

    @Override
    Http1Exception startLineTooLong() {
        return new Http1Exception(414, "Request line longer than " + limits.maxStartLine() + " bytes");
    }

    @Override
    int failureStatus(Http1Exception e) {
        return e.status();
    }

    @Override
    boolean closeInterrupts() {
        return false;
    }

    @Override
    void parseStartLine(byte[] a, int len) {
        int i = 0;
        while (i < len && Syntax.isToken(a[i])) i++;
        if (i == 0 || i == len || a[i] != SP) {
            if (i < len && a[i] == CR) throw bad("Bare CR in request line");
            throw bad(i == 0 || i == len ? "Invalid request line" : "Invalid character in method");
        }
        method = method(a, i);
        int targetStart = ++i;
        while (i < len && Syntax.isTargetChar(a[i])) i++;
        if (i == len) {
            throw bad(i == targetStart ? "Invalid request line" : "Missing HTTP version (HTTP/0.9 is not supported)");
        }
        if (a[i] != SP || i == targetStart) {
            if (a[i] == CR) throw bad("Bare CR in request line");
            throw bad(i == targetStart ? "Invalid request target" : "Invalid character in request target");
        }
        target = new String(a, targetStart, i - targetStart, ISO_8859_1);
        version = version(a, i + 1, len);
        if (version == null) {
            for (int k = i + 1; k < len; k++) {
                if (a[k] == CR) throw bad("Bare CR in request line");
                if (a[k] == SP) throw bad("Invalid request line");
            }
            throw bad("Invalid HTTP version");
        }
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0} exactly, else null. */
    static String version(byte[] a, int from, int to) {
        if (to - from != 8 || a[from] != 'H' || a[from + 1] != 'T' || a[from + 2] != 'T' || a[from + 3] != 'P'
                || a[from + 4] != '/' || a[from + 5] != '1' || a[from + 6] != '.') {
            return null;
        }
        byte minor = a[from + 7];
        return minor == '1' ? "HTTP/1.1" : minor == '0' ? "HTTP/1.0" : null;
    }

    private static String method(byte[] a, int len) {
        switch (len) {
            case 3:
                if (a[0] == 'G' && a[1] == 'E' && a[2] == 'T') return "GET";
                if (a[0] == 'P' && a[1] == 'U' && a[2] == 'T') return "PUT";
                break;
            case 4:
                if (a[0] == 'P' && a[1] == 'O' && a[2] == 'S' && a[3] == 'T') return "POST";
                if (a[0] == 'H' && a[1] == 'E' && a[2] == 'A' && a[3] == 'D') return "HEAD";
                break;
            case 7:
                if (equals(a, "CONNECT")) return "CONNECT";
                if (equals(a, "OPTIONS")) return "OPTIONS";
                break;
            case 6:
                if (equals(a, "DELETE")) return "DELETE";
                break;
            case 5:
                if (equals(a, "PATCH")) return "PATCH";
                break;
            default:
                break;
        }
        return new String(a, 0, len, ISO_8859_1);
    }

    private static boolean equals(byte[] a, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (a[i] != s.charAt(i)) return false;
        }
        return true;
    }

    private static Http1Exception bad(String reason) {
        return new Http1Exception(400, reason);
    }

    @Override
    Framing headComplete(Headers headers, List<Object> out) {
        boolean connect = "CONNECT".equals(method);
        checkHostAndTarget(headers, connect);
        Framing framing = Framing.forRequest(headers, version);
        if (connect) {
            if (framing.hasBody()) throw bad("CONNECT request with a body");
            framing = Framing.NONE;
        }
        out.add(new RequestHead(method, target, version, headers, framing));
        lastWasConnect = connect;
        headStartNanos = -1;
        method = null;
        target = null;
        return framing;
    }

    @Override
    void messageComplete() {
        if (lastWasConnect) {
            lastWasConnect = false;
            enterPassThrough();
        }
    }

    private void checkHostAndTarget(Headers headers, boolean connect) {
        int hostCount = 0;
        String host = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Headers.Field f = headers.field(i);
            if (f.name().length() == 4 && Headers.nameEquals(f.name(), "host")) {
                if (hostCount++ == 0) host = f.value();
            }
        }
        if (hostCount > 1) throw bad("Multiple Host headers");
        if (hostCount == 0 && !connect && "HTTP/1.1".equals(version)) throw bad("Missing Host header");
        Syntax.Authority hostAuthority = null;
        if (host != null && !host.isEmpty()) {
            hostAuthority = Syntax.authority(host, 0, host.length());
            if (hostAuthority == null) throw bad("Invalid Host header");
        }
        String t = target;
        int len = t.length();
        if (connect) {
            Syntax.Authority a = Syntax.authority(t, 0, len);
            if (a == null || a.port() < 0) throw bad("Invalid CONNECT target (expected host:port)");
            return;
        }
        char c0 = t.charAt(0);
        if (c0 == '/') return;
        if (len == 1 && c0 == '*') {
            if (!allowAsteriskForm || !"OPTIONS".equals(method)) throw bad("Asterisk-form request target not allowed");
            return;
        }
        int sep = t.indexOf("://");
        if (sep > 0 && isScheme(t, sep)) {
            String scheme = Headers.asciiLowerCase(t.substring(0, sep));
            int defaultPort = scheme.equals("http") ? 80 : scheme.equals("https") ? 443 : -1;
            if (defaultPort < 0) throw bad("Unsupported scheme in request target");
            int start = sep + 3;
            int end = start;
            while (end < len) {
                char c = t.charAt(end);
                if (c == '/' || c == '?' || c == '#') break;
                end++;
            }
            Syntax.Authority a = Syntax.authority(t, start, end);
            if (a == null) throw bad("Invalid request target");
            if (host != null) {
                boolean same = hostAuthority != null
                        && Headers.nameEquals(hostAuthority.host(), a.host())
                        && portOr(hostAuthority, defaultPort) == portOr(a, defaultPort);
                if (!same) throw bad("Host header " + host + " does not match request target " + t);
            }
            return;
        }
        if (Syntax.authority(t, 0, len) != null) throw bad("Authority-form request target is only allowed with CONNECT");
        throw bad("Invalid request target");
    }

    private static int portOr(Syntax.Authority a, int defaultPort) {
        return a.port() < 0 ? defaultPort : a.port();
    }

    /** {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} in {@code s[0, end)}. */
    private static boolean isScheme(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (i == 0 ? !alpha : !(alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
        }
        return true;
    }
}
