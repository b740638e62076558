package dev.sluice.net;

import dev.sluice.flow.Body;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.Url;
import dev.sluice.net.http1.BodyChunk;
import dev.sluice.net.http1.Framing;
import dev.sluice.net.http1.RequestHead;
import dev.sluice.net.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.UnaryOperator;

/**
 * The one place where wire objects become flow objects and back. Netty buffers never leave here:
 * bodies are copied into {@link Body} and written back from it.
 */
final class FlowBridge {
    private FlowBridge() {
    }

    /** A request from an absolute-form head (regular mode) or from an origin-form head inside a tunnel. */
    static Request toRequest(RequestHead head, String defaultScheme, String defaultHost, int defaultPort) {
        String target = head.target();
        Request r;
        if (head.method().equals("CONNECT")) {
            String host = Url.hostOf(target);
            int port = Url.portOf(target, 443);
            r = new Request("CONNECT", "", host, port, "", head.version(), head.headers(), null);
            r.setAuthority(target);
        } else if (target.startsWith("/") || target.equals("*")) {
            r = new Request(head.method(), defaultScheme, defaultHost, defaultPort, target, head.version(), head.headers(), null);
        } else {
            Url u = Url.parse(target);
            // keep the path exactly as sent (Url.parse would add "/" for an empty path, which is what origin-form needs)
            r = new Request(head.method(), u.scheme(), u.host(), u.port(), u.path(), head.version(), head.headers(), null);
        }
        return r;
    }

    /** The head to send to the origin: origin-form, headers as they stand on the flow, framing for the gathered body. */
    static RequestHead toOriginHead(Request r) {
        Headers h = r.headers().copy();
        long length = r.body() == null ? 0 : r.body().size();
        Framing framing = h.contains("content-length") || h.contains("transfer-encoding") || length > 0
                ? Framing.reframe(h, length) : Framing.NONE;
        return new RequestHead(r.method(), r.path(), r.httpVersion(), h, framing);
    }

    static Response toResponse(ResponseHead head) {
        return new Response(head.version(), head.status(), head.reason(), head.headers(), null);
    }

    /**
     * The head to send to the client for a gathered body: a close-delimited body is re-framed as
     * chunked for HTTP/1.1 clients (security.md §2), HTTP/1.0 clients get a Content-Length, and
     * otherwise the message keeps its framing with the (possibly changed) length.
     */
    static ResponseHead toClientHead(Response r, String requestMethod, boolean clientIsHttp10) {
        Headers h = r.headers().copy();
        Framing framing;
        if (Response.hasNoBody(requestMethod, r.statusCode())) {
            framing = Framing.NONE;
        } else {
            long length = r.body() == null ? 0 : r.body().size();
            boolean closeDelimited = !h.contains("content-length") && !h.contains("transfer-encoding");
            // HTTP/1.0 has no chunked coding: a 1.0 client, or a 1.0 response passed on as such, gets a length
            if (clientIsHttp10 || "HTTP/1.0".equals(r.httpVersion())) framing = Framing.setContentLength(h, length);
            else if (closeDelimited) framing = Framing.setChunked(h);
            else framing = Framing.reframe(h, length);
        }
        return new ResponseHead(r.httpVersion(), r.statusCode(), r.reason(), h, framing);
    }

    /**
     * The head of a streamed request: the received length is kept unless a per-chunk transform
     * may change it (then chunked), as the received chunked framing is.
     */
    static RequestHead toStreamedOriginHead(Request r, Framing received) {
        Headers h = r.headers().copy();
        Framing framing = received.kind() == Framing.Kind.LENGTH && r.streamTransform() == null
                ? Framing.setContentLength(h, received.length()) : Framing.setChunked(h);
        return new RequestHead(r.method(), r.path(), r.httpVersion(), h, framing);
    }

    /** The head of a streamed response: the received length when it still holds, else chunked (or until close in HTTP/1.0). */
    static ResponseHead toStreamedClientHead(Response r, Framing received, boolean clientIsHttp10) {
        Headers h = r.headers().copy();
        Framing framing = received.kind() == Framing.Kind.LENGTH && r.streamTransform() == null
                ? Framing.setContentLength(h, received.length())
                // no chunked coding in HTTP/1.0, whether the client or the response passed on speaks it
                : Framing.reframeUnknownLength(h, clientIsHttp10 || "HTTP/1.0".equals(r.httpVersion()) ? "HTTP/1.0" : "HTTP/1.1");
        return new ResponseHead(r.httpVersion(), r.statusCode(), r.reason(), h, framing);
    }

    /**
     * One chunk of a streamed body as it goes on: through the message's transform when it has
     * one (the chunk is consumed either way). Null when nothing is left to send.
     */
    static BodyChunk passChunk(Message m, ByteBuf chunk) {
        UnaryOperator<byte[]> transform = m.streamTransform();
        if (transform == null) return new BodyChunk(chunk);
        byte[] in = copy(chunk);
        chunk.release();
        return transformed(transform, in);
    }

    /** What the transform sends at the end of a streamed body (it is called with an empty chunk); null for none. */
    static BodyChunk passEnd(Message m) {
        UnaryOperator<byte[]> transform = m.streamTransform();
        return transform == null ? null : transformed(transform, new byte[0]);
    }

    private static BodyChunk transformed(UnaryOperator<byte[]> transform, byte[] in) {
        byte[] out = transform.apply(in);
        return out == null || out.length == 0 ? null : new BodyChunk(Unpooled.wrappedBuffer(out));
    }

    /** Completes a gathered body on its message, with the end timestamp. */
    static void completeBody(dev.sluice.flow.Message message, Body gathered) {
        message.setBody(gathered);
        message.setTimestampEnd(dev.sluice.flow.Flow.now());
    }

    static byte[] copy(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
