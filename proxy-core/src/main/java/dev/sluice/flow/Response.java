package dev.sluice.flow;

/** An HTTP response, protocol-neutral. */
public final class Response extends Message {

    private int statusCode;
    private String reason;

    public Response(String httpVersion, int statusCode, String reason, Headers headers, Body body) {
        super(httpVersion, headers, body);
        this.statusCode = statusCode;
        this.reason = reason;
    }

    /** A synthetic HTTP/1.1 response with a Content-Length. */
    public static Response make(int status, byte[] body, Headers headers) {
        Headers h = headers == null ? new Headers() : headers;
        Response r = new Response("HTTP/1.1", status, StatusCodes.reason(status), h, Body.of(body));
        if (!h.contains("content-length") && !h.contains("transfer-encoding")) h.add("content-length", Integer.toString(body.length));
        double now = Flow.now();
        r.setTimestampStart(now);
        r.setTimestampEnd(now);
        return r;
    }

    public Response copy() {
        Response r = new Response(httpVersion(), statusCode, reason, headers(), body());
        copyInto(r);
        return r;
    }

    public int statusCode() {
        return statusCode;
    }

    public void setStatusCode(int statusCode) {
        this.statusCode = statusCode;
    }

    public String reason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    /** Whether a response with this status to this method has no body by definition. */
    public static boolean hasNoBody(String requestMethod, int status) {
        return "HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304
                || ("CONNECT".equals(requestMethod) && status / 100 == 2);
    }

    @Override
    public String toString() {
        return statusCode + " " + reason;
    }
}
