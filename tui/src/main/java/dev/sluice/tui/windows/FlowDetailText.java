package dev.sluice.tui.windows;

import dev.sluice.flow.CertInfo;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.option.Sizes;
import dev.sluice.text.Sanitizer;
import dev.sluice.tui.content.ContentViews;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.TerminalText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text of the flow view's tabs (console.md §5), as raw lines the window sanitises and wraps. */
final class FlowDetailText {
    private FlowDetailText() {
    }

    record Line(String text, Role role) {
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    static List<Line> request(Flow f, String mode, long cutoff) {
        Request r = f.request();
        List<Line> out = new ArrayList<>();
        if (r == null) return out;
        out.add(new Line(r.method() + " " + r.url() + " " + r.httpVersion(), Role.TITLE));
        message(out, r, mode, cutoff);
        return out;
    }

    static List<Line> response(Flow f, String mode, long cutoff) {
        Response r = f.response();
        List<Line> out = new ArrayList<>();
        if (r == null) {
            if (f.error() != null) out.add(new Line("Error: " + f.error().msg(), Role.ERROR));
            out.add(new Line("No response. Press e and edit any aspect to add one.", Role.DIM));
            return out;
        }
        out.add(new Line(r.httpVersion() + " " + r.statusCode() + " " + r.reason(), Role.TITLE));
        message(out, r, mode, cutoff);
        return out;
    }

    private static void message(List<Line> out, Message m, String mode, long cutoff) {
        for (Headers.Field h : m.headers()) {
            out.add(new Line(Sanitizer.bytes(h.name()) + ": " + Sanitizer.bytes(h.value()), Role.NORMAL));
        }
        out.add(new Line("", Role.NORMAL));
        if (m.body() == null) {
            out.add(new Line(m.isStreamed() ? "[streamed body, " + Sizes.format(Math.max(0, m.streamedSize())) + ", not kept]"
                    : "[content missing]", Role.DIM));
            return;
        }
        ContentViews.Rendered rendered = ContentViews.render(m, mode);
        out.add(new Line(rendered.description(), Role.DIM));
        List<String> lines = rendered.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (i >= cutoff) {
                out.add(new Line("Stopped displaying data after " + cutoff + " lines. Press f to load all data.", Role.WARN));
                break;
            }
            out.add(new Line(TerminalText.expandTabs(lines.get(i)), Role.NORMAL));
        }
        if (m.trailers() != null && !m.trailers().isEmpty()) {
            out.add(new Line("", Role.NORMAL));
            out.add(new Line("Trailers", Role.TITLE));
            for (Headers.Field h : m.trailers()) out.add(new Line(Sanitizer.bytes(h.name()) + ": " + Sanitizer.bytes(h.value()), Role.NORMAL));
        }
    }

    static List<Line> detail(Flow f) {
        List<Line> out = new ArrayList<>();
        ClientConn c = f.client();
        out.add(new Line("Client Connection", Role.TITLE));
        if (c != null) {
            fact(out, "Address", c.peerText());
            fact(out, "Listener", c.sockname() == null ? null : dev.sluice.flow.Addresses.format(c.sockname()));
            fact(out, "Mode", c.proxyMode());
            tls(out, c.tlsVersion(), c.sni(), c.alpn(), c.cipher());
        }
        ServerConn s = f.server();
        out.add(new Line("", Role.NORMAL));
        out.add(new Line("Server Connection", Role.TITLE));
        if (s != null) {
            fact(out, "Address", s.host() == null ? null : Request.hostPort(s.host(), s.port()));
            fact(out, "Resolved address", s.peer() == null ? null : dev.sluice.flow.Addresses.format(s.peer()));
            tls(out, s.tlsVersion(), s.sni(), s.alpn(), s.cipher());
            List<CertInfo> chain = s.certificateChain();
            if (!chain.isEmpty()) {
                CertInfo cert = chain.get(0);
                fact(out, "Certificate subject", cert.subject());
                fact(out, "Certificate issuer", cert.issuer());
                fact(out, "Certificate SANs", String.join(", ", cert.sans()));
                fact(out, "Valid from", stamp(cert.notBefore()));
                fact(out, "Valid until", stamp(cert.notAfter()));
                fact(out, "SHA-256 fingerprint", cert.sha256());
            }
        }
        out.add(new Line("", Role.NORMAL));
        out.add(new Line("Timing", Role.TITLE));
        if (c != null) {
            time(out, "Client conn. established", c.timestampStart());
            time(out, "Client conn. TLS handshake", c.timestampTlsSetup());
        }
        if (s != null) {
            time(out, "Server conn. initiated", s.timestampStart());
            time(out, "Server conn. TCP handshake", s.timestampTcpSetup());
            time(out, "Server conn. TLS handshake", s.timestampTlsSetup());
        }
        Request q = f.request();
        Response r = f.response();
        if (q != null) {
            time(out, "First request byte", q.timestampStart());
            time(out, "Request complete", q.timestampEnd());
        }
        if (r != null) {
            time(out, "First response byte", r.timestampStart());
            time(out, "Response complete", r.timestampEnd());
        }
        streamed(out, "Request", q);
        streamed(out, "Response", r);
        out.add(new Line("", Role.NORMAL));
        out.add(new Line("Flow", Role.TITLE));
        fact(out, "Id", f.id());
        fact(out, "Marker", f.marked().isEmpty() ? null : f.marked());
        fact(out, "Comment", f.comment().isEmpty() ? null : f.comment());
        if (f.error() != null) fact(out, "Error", f.error().msg());
        synchronized (f.metadata()) {
            for (Map.Entry<String, Object> m : f.metadata().entrySet()) fact(out, "Metadata " + m.getKey(), String.valueOf(m.getValue()));
        }
        return out;
    }

    private static void tls(List<Line> out, String version, String sni, String alpn, String cipher) {
        fact(out, "TLS version", version);
        fact(out, "Server Name Indication", sni);
        fact(out, "ALPN", alpn);
        fact(out, "Cipher", cipher);
    }

    private static void streamed(List<Line> out, String what, Message m) {
        if (m != null && m.isStreamed()) fact(out, what + " body", "streamed, " + Sizes.format(Math.max(0, m.streamedSize())));
    }

    private static void fact(List<Line> out, String name, String value) {
        if (value == null || value.isEmpty()) return;
        out.add(new Line(String.format("  %-28s %s", name + ":", value), Role.NORMAL));
    }

    private static void time(List<Line> out, String name, double seconds) {
        if (seconds > 0) fact(out, name, stamp(seconds));
    }

    private static String stamp(double seconds) {
        return STAMP.format(Instant.ofEpochMilli((long) (seconds * 1000)));
    }
}
