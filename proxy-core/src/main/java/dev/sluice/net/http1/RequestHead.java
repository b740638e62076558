package dev.sluice.net.http1;

import dev.sluice.flow.Headers;

/**
 * A request line and header block exactly as received: {@code target} as on the wire
 * (origin-form {@code /p?q}, absolute-form {@code http://h/p}, authority-form {@code h:443} for
 * CONNECT, or {@code *}), header names in their case and order with repeats, values as
 * ISO-8859-1 strings without the surrounding optional whitespace. {@code version} is
 * {@code HTTP/1.0} or {@code HTTP/1.1}. {@code framing} says how the body that follows is
 * delimited; the encoder writes the head as given and frames the body by it.
 */
public record RequestHead(String method, String target, String version, Headers headers, Framing framing) {

    /** The four request-target forms of RFC 9112 §3.2. */
    public enum TargetForm { ORIGIN, ABSOLUTE, AUTHORITY, ASTERISK }

    public RequestHead {
        if (method == null || target == null || version == null || headers == null || framing == null) {
            throw new NullPointerException("request head fields");
        }
    }

    public boolean isConnect() {
        return "CONNECT".equals(method);
    }

    /** The form of the target (decided by its shape; the decoder has validated it). */
    public TargetForm targetForm() {
        if (target.startsWith("/")) return TargetForm.ORIGIN;
        if (target.equals("*")) return TargetForm.ASTERISK;
        return target.contains("://") ? TargetForm.ABSOLUTE : TargetForm.AUTHORITY;
    }

    /**
     * Whether the client wants the connection kept open after this exchange: HTTP/1.1 unless a
     * {@code Connection} field lists {@code close}; HTTP/1.0 only if it lists {@code keep-alive}.
     */
    public boolean keepAlive() {
        if ("HTTP/1.1".equals(version)) return !Syntax.connectionHas(headers, "close");
        return Syntax.connectionHas(headers, "keep-alive");
    }

    public RequestHead withTarget(String newTarget) {
        return new RequestHead(method, newTarget, version, headers, framing);
    }

    public RequestHead withFraming(Framing newFraming) {
        return new RequestHead(method, target, version, headers, newFraming);
    }
}
