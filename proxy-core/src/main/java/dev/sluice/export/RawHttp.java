package dev.sluice.export;

import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Messages in HTTP/1.1 wire form (console.md §11): start line, headers in order, blank line, the
 * body as recorded (still content-encoded). HTTP/2 messages are rendered in HTTP/1.1 form, with
 * the {@code :authority} as the Host header.
 */
final class RawHttp {
    private RawHttp() {
    }

    static byte[] request(Request recorded) {
        Request r = recorded.copy();
        if (!r.isHttp1()) {
            String authority = r.headers().get(":authority");
            r.downgradeToHttp1();
            if (!r.headers().contains("host")) r.headers().add("Host", authority != null ? authority : Request.hostPort(r.host(), r.port()));
        }
        String target = r.isConnect() ? Request.hostPort(r.host(), r.port()) : r.path();
        return message(r.method() + " " + target + " " + r.httpVersion(), r);
    }

    static byte[] response(Response recorded) {
        Response r = recorded.copy();
        r.downgradeToHttp1();
        return message(r.httpVersion() + " " + r.statusCode() + " " + r.reason(), r);
    }

    private static byte[] message(String startLine, Message m) {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (Headers.Field f : m.headers()) head.append(f.name()).append(": ").append(f.value()).append("\r\n");
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // header bytes were kept as Latin-1 characters; written back the same way they are the bytes received
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (m.rawContent() != null) out.writeBytes(m.rawContent());
        return out.toByteArray();
    }
}
