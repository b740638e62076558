package dev.sluice.io;

import static dev.sluice.io.Tree.bytes;
import static dev.sluice.io.Tree.latin1;
import static dev.sluice.io.Tree.ofLatin1;
import static dev.sluice.io.Tree.text;
import static dev.sluice.io.Tree.time;
import static dev.sluice.io.Tree.timeOrNull;

import dev.sluice.flow.Addresses;
import dev.sluice.flow.Body;
import dev.sluice.flow.CertInfo;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Ids;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.flow.StreamMessage;
import dev.sluice.tls.CertInfos;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping between the flow model and its state tree, in the native layout (version 1,
 * docs/FLOWFILE.md). Every format goes through it: the native format writes the tree as JSON,
 * the mitmproxy format converts it to and from its own layout ({@link MitmLayout}), HAR import
 * builds trees. Bytes values are {@code byte[]}; text is {@code String}.
 */
public final class FlowState {

    public static final String FORMAT = "sluice-flow";
    public static final int VERSION = 1;

    private FlowState() {
    }

    // ---- Flow -> tree ----

    public static Map<String, Object> of(Flow flow) {
        return of(flow, true);
    }

    private static Map<String, Object> of(Flow flow, boolean withBackup) {
        Map<String, Object> s = Tree.object();
        s.put("format", FORMAT);
        s.put("version", (long) VERSION);
        boolean http = flow.type() == Flow.Type.HTTP;
        s.put("type", http ? "http" : "tcp");
        s.put("id", flow.id());
        s.put("created", flow.timestampCreated());
        s.put("marked", flow.marked());
        s.put("comment", flow.comment());
        s.put("replay", flow.replay() == null ? null : flow.replay().name().toLowerCase(Locale.ROOT));
        s.put("intercepted", flow.isIntercepted());
        s.put("metadata", Json.plain(flow.metadata()));
        s.put("error", error(flow.error()));
        s.put("client", client(flow.client()));
        s.put("server", server(flow.server()));
        if (http) {
            s.put("request", request(flow.request()));
            s.put("response", flow.response() == null ? null : response(flow.response()));
            s.put("websocket", flow.isWebSocket() ? webSocket(flow.messages()) : null);
        } else {
            List<Object> messages = new ArrayList<>();
            for (StreamMessage m : flow.messages()) {
                Map<String, Object> o = Tree.object();
                o.put("from_client", m.fromClient());
                o.put("content", m.content());
                o.put("timestamp", m.timestamp());
                messages.add(o);
            }
            s.put("messages", messages);
        }
        if (withBackup) {
            Flow backup = flow.backupState();
            s.put("backup", backup == null ? null : of(backup, false));
        }
        return s;
    }

    private static Map<String, Object> error(FlowError e) {
        if (e == null) return null;
        Map<String, Object> o = Tree.object();
        o.put("msg", e.msg());
        o.put("timestamp", e.timestamp());
        return o;
    }

    private static Map<String, Object> client(ClientConn c) {
        if (c == null) return null;
        Map<String, Object> o = Tree.object();
        o.put("id", c.id());
        o.put("peername", address(c.peer()));
        o.put("sockname", address(c.sockname()));
        o.put("proxy_mode", c.proxyMode());
        tls(o, c.tlsVersion(), c.sni(), c.alpn(), c.cipher());
        o.put("certificate_list", List.of());
        o.put("timestamp_start", c.timestampStart());
        o.put("timestamp_tls_setup", timeOrNull(c.timestampTlsSetup()));
        o.put("timestamp_end", timeOrNull(c.timestampEnd()));
        o.put("error", null);
        return o;
    }

    private static Map<String, Object> server(ServerConn c) {
        if (c == null) return null;
        Map<String, Object> o = Tree.object();
        o.put("id", c.id());
        o.put("address", Tree.address(c.host(), c.port()));
        o.put("peername", address(c.peer()));
        o.put("sockname", null);
        o.put("via", null);
        tls(o, c.tlsVersion(), c.sni(), c.alpn(), c.cipher());
        List<Object> certs = new ArrayList<>();
        for (CertInfo ci : c.certificateChain()) if (ci.pem() != null) certs.add(ci.pem());
        o.put("certificate_list", certs);
        o.put("timestamp_start", timeOrNull(c.timestampStart()));
        o.put("timestamp_tcp_setup", timeOrNull(c.timestampTcpSetup()));
        o.put("timestamp_tls_setup", timeOrNull(c.timestampTlsSetup()));
        o.put("timestamp_end", timeOrNull(c.timestampEnd()));
        o.put("error", null);
        return o;
    }

    /** The TLS facts both connections share; {@code tls} is whether a version was negotiated. */
    private static void tls(Map<String, Object> o, String version, String sni, String alpn, String cipher) {
        o.put("tls", version != null);
        o.put("tls_version", version);
        o.put("sni", sni);
        o.put("alpn", alpn);
        o.put("alpn_offers", List.of());
        o.put("cipher", cipher);
    }

    private static Map<String, Object> request(Request r) {
        Map<String, Object> o = Tree.object();
        o.put("method", r.method());
        o.put("scheme", r.scheme() == null ? "" : r.scheme());
        o.put("host", r.host());
        o.put("port", (long) r.port());
        o.put("authority", r.authority() == null ? "" : r.authority());
        o.put("path", ofLatin1(r.path() == null ? "" : r.path()));
        message(o, r);
        return o;
    }

    private static Map<String, Object> response(Response r) {
        Map<String, Object> o = Tree.object();
        o.put("http_version", r.httpVersion());
        o.put("status_code", (long) r.statusCode());
        o.put("reason", ofLatin1(r.reason() == null ? "" : r.reason()));
        message(o, r);
        return o;
    }

    private static void message(Map<String, Object> o, Message m) {
        if (m instanceof Request) o.put("http_version", m.httpVersion());
        o.put("headers", headers(m.headers()));
        // a body on disk stays a Body, so the writers can stream it (features.md §14)
        Body body = m.body();
        o.put("content", body == null ? null : body.inMemory() ? body.bytes() : body);
        o.put("trailers", m.trailers() == null ? null : headers(m.trailers()));
        o.put("timestamp_start", m.timestampStart());
        o.put("timestamp_end", timeOrNull(m.timestampEnd()));
    }

    static List<Object> headers(Headers h) {
        List<Object> out = new ArrayList<>(h.size());
        for (Headers.Field f : h) out.add(List.of(ofLatin1(f.name()), ofLatin1(f.value())));
        return out;
    }

    private static Map<String, Object> webSocket(List<StreamMessage> messages) {
        Map<String, Object> o = Tree.object();
        List<Object> list = new ArrayList<>();
        for (StreamMessage m : messages) {
            Map<String, Object> msg = Tree.object();
            msg.put("type", isUtf8(m.content()) ? "text" : "binary");
            msg.put("from_client", m.fromClient());
            msg.put("content", m.content());
            msg.put("timestamp", m.timestamp());
            msg.put("dropped", false);
            msg.put("injected", false);
            list.add(msg);
        }
        o.put("messages", list);
        o.put("closed_by_client", null);
        o.put("close_code", null);
        o.put("close_reason", null);
        o.put("timestamp_end", null);
        return o;
    }

    static List<Object> address(InetSocketAddress a) {
        if (a == null) return null;
        String host = a.getAddress() != null ? Addresses.ipText(a.getAddress()) : a.getHostString();
        return Tree.address(host, a.getPort());
    }

    static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // ---- tree -> Flow ----

    /**
     * A flow from a native-layout tree; not live.
     *
     * @throws Tree.BadValue when a required field is missing or a value has the wrong kind
     */
    static Flow toFlow(Map<String, Object> s) {
        String typeName = text(Tree.require(s, "type"));
        Flow.Type type = switch (typeName) {
            case "http" -> Flow.Type.HTTP;
            case "tcp" -> Flow.Type.TCP;
            default -> throw new Tree.BadValue("Unknown flow type: " + typeName);
        };
        String id = text(Tree.require(s, "id"));
        Map<String, Object> requestState = Tree.mapOrNull(s, "request");
        if (type == Flow.Type.HTTP && requestState == null) throw new Tree.BadValue("missing required field request");
        Request request = requestState == null ? null : toRequest(requestState);
        ClientConn client = toClient(Tree.mapOrNull(s, "client"));
        ServerConn server = toServer(Tree.mapOrNull(s, "server"));
        double created = s.get("created") != null ? time(s, "created")
                : request != null ? request.timestampStart() : client.timestampStart();
        Flow f = new Flow(id, type, client, server, request, false, created);
        Map<String, Object> responseState = Tree.mapOrNull(s, "response");
        if (responseState != null) {
            f.setResponse(toResponse(responseState));
            f.setResponseComplete(true);
        }
        Map<String, Object> error = Tree.mapOrNull(s, "error");
        if (error != null) f.setError(new FlowError(text(error, "msg", ""), time(error, "timestamp")));
        f.setMarked(text(s, "marked", ""));
        f.setComment(text(s, "comment", ""));
        String replay = text(s.get("replay"));
        if (replay != null && !replay.isEmpty()) f.setReplay(Flow.Replay.valueOf(replay.toUpperCase(Locale.ROOT)));
        Object metadata = s.get("metadata");
        if (metadata != null) f.metadata().putAll(Tree.map(metadata, "metadata"));
        if (type == Flow.Type.HTTP) {
            Map<String, Object> ws = Tree.mapOrNull(s, "websocket");
            if (ws != null) {
                f.setWebSocket(true);
                for (Object m : Tree.list(ws, "messages")) f.addMessage(toMessage(Tree.map(m, "websocket message")));
            }
        } else {
            for (Object m : Tree.list(s, "messages")) f.addMessage(toMessage(Tree.map(m, "message")));
        }
        Map<String, Object> backup = Tree.mapOrNull(s, "backup");
        if (backup != null) {
            Map<String, Object> b = new LinkedHashMap<>(backup);
            b.put("id", id);
            b.putIfAbsent("type", typeName);
            f.setBackupState(toFlow(b));
        }
        return f;
    }

    private static StreamMessage toMessage(Map<String, Object> m) {
        byte[] content = bytes(m.get("content"));
        return new StreamMessage(Tree.bool(m, "from_client"), content == null ? new byte[0] : content, time(m, "timestamp"));
    }

    private static ClientConn toClient(Map<String, Object> o) {
        if (o == null) return new ClientConn(Ids.next(), null, null, 0);
        ClientConn c = new ClientConn(text(o, "id", Ids.next()), toAddress(o.get("peername")), toAddress(o.get("sockname")),
                time(o, "timestamp_start"));
        c.setProxyMode(text(o, "proxy_mode", "regular"));
        c.setTlsVersion(text(o.get("tls_version")));
        c.setSni(text(o.get("sni")));
        c.setAlpn(text(o.get("alpn")));
        c.setCipher(text(o.get("cipher")));
        c.setTimestampTlsSetup(time(o, "timestamp_tls_setup"));
        c.setTimestampEnd(time(o, "timestamp_end"));
        return c;
    }

    private static ServerConn toServer(Map<String, Object> o) {
        if (o == null) return null;
        List<Object> address = Tree.list(o, "address");
        String host = address.size() == 2 ? text(address.get(0)) : null;
        int port = address.size() == 2 ? (int) (long) Tree.number(address.get(1)).longValue() : 0;
        ServerConn c = new ServerConn(text(o, "id", Ids.next()), host, port);
        c.setPeer(toAddress(o.get("peername")));
        c.setTlsVersion(text(o.get("tls_version")));
        c.setSni(text(o.get("sni")));
        c.setAlpn(text(o.get("alpn")));
        c.setCipher(text(o.get("cipher")));
        List<CertInfo> chain = new ArrayList<>();
        for (Object pem : Tree.list(o, "certificate_list")) chain.add(certInfo(text(pem)));
        c.setCertificateChain(chain);
        c.setTimestampStart(time(o, "timestamp_start"));
        c.setTimestampTcpSetup(time(o, "timestamp_tcp_setup"));
        c.setTimestampTlsSetup(time(o, "timestamp_tls_setup"));
        c.setTimestampEnd(time(o, "timestamp_end"));
        return c;
    }

    /** The certificate's facts from its PEM; only the PEM when it cannot be parsed. */
    private static CertInfo certInfo(String pem) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return CertInfos.from(cert);
        } catch (CertificateException | RuntimeException e) {
            return new CertInfo("", "", List.of(), 0, 0, "", pem);
        }
    }

    /** {@code [host, port]} without name resolution: IP literals become addresses, names stay unresolved. */
    static InetSocketAddress toAddress(Object o) {
        if (o == null) return null;
        List<Object> a = Tree.list(o, "address");
        if (a.size() < 2) return null;
        String host = text(a.get(0));
        int port = (int) Tree.number(a.get(1)).doubleValue();
        if (port < 0 || port > 65535) throw new Tree.BadValue("port out of range: " + port);
        byte[] ip = ipLiteral(host);
        if (ip == null) return InetSocketAddress.createUnresolved(host, port);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for a host name (never resolves). */
    private static byte[] ipLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = host.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) return null;
                b[i] = (byte) v;
            }
            return b;
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+")) {
            try {
                return InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static Request toRequest(Map<String, Object> o) {
        String method = text(Tree.require(o, "method"));
        String host = text(o, "host", "");
        Request r = new Request(method, text(o, "scheme", ""), host, (int) Tree.integer(o, "port", 0),
                latin1(o.get("path")) == null ? "" : latin1(o.get("path")), text(o, "http_version", "HTTP/1.1"),
                toHeaders(o.get("headers")), body(o.get("content")));
        r.setAuthority(text(o, "authority", ""));
        messageTail(o, r);
        return r;
    }

    private static Response toResponse(Map<String, Object> o) {
        String reason = latin1(o.get("reason"));
        Response r = new Response(text(o, "http_version", "HTTP/1.1"), (int) Tree.integer(o, "status_code", 0),
                reason == null ? "" : reason, toHeaders(o.get("headers")), body(o.get("content")));
        messageTail(o, r);
        return r;
    }

    private static void messageTail(Map<String, Object> o, Message m) {
        Object trailers = o.get("trailers");
        if (trailers != null) m.setTrailers(toHeaders(trailers));
        m.setTimestampStart(time(o, "timestamp_start"));
        m.setTimestampEnd(time(o, "timestamp_end"));
    }

    private static Body body(Object content) {
        byte[] b = bytes(content);
        return b == null ? null : Body.of(b);
    }

    static Headers toHeaders(Object o) {
        Headers h = new Headers();
        for (Object field : Tree.list(o, "headers")) {
            String name;
            String value;
            if (field instanceof Map<?, ?>) {
                Map<String, Object> m = Tree.map(field, "header");
                name = latin1(m.get("name"));
                value = latin1(m.get("value"));
            } else {
                List<Object> pair = Tree.list(field, "header");
                if (pair.size() != 2) throw new Tree.BadValue("a header is not a [name, value] pair");
                name = latin1(pair.get(0));
                value = latin1(pair.get(1));
            }
            if (name == null || value == null) throw new Tree.BadValue("a header name or value is null");
            h.add(name, value);
        }
        return h;
    }
}
