package dev.sluice.io;

import static dev.sluice.io.Tree.bytes;
import static dev.sluice.io.Tree.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts between the native state tree ({@link FlowState}) and mitmproxy's flow state:
 * writes version 17 exactly as mitmproxy 8.1.1's strict reader wants it (every key it pops,
 * none it does not know), and reads versions 17 to 21 by their key names (flowfiles.md §4).
 */
final class MitmLayout {

    static final int WRITE_VERSION = 17;
    static final int MIN_READ = 17;
    static final int MAX_READ = 21;

    private MitmLayout() {
    }

    // ---- native -> mitmproxy 17 ----

    static Map<String, Object> toMitm(Map<String, Object> s) {
        return toMitm(s, true);
    }

    private static Map<String, Object> toMitm(Map<String, Object> s, boolean withBackup) {
        Map<String, Object> m = Tree.object();
        boolean http = "http".equals(s.get("type"));
        m.put("version", (long) WRITE_VERSION);
        m.put("type", s.get("type"));
        m.put("id", s.get("id"));
        m.put("error", s.get("error") == null ? null : error(Tree.map(s.get("error"), "error")));
        m.put("client_conn", client(Tree.mapOrNull(s, "client")));
        m.put("server_conn", server(Tree.mapOrNull(s, "server")));
        m.put("intercepted", false);
        m.put("is_replay", s.get("replay"));
        m.put("marked", s.get("marked"));
        m.put("metadata", s.get("metadata"));
        m.put("comment", s.get("comment"));
        m.put("timestamp_created", s.get("created"));
        if (http) {
            m.put("request", request(Tree.map(s.get("request"), "request")));
            m.put("response", s.get("response") == null ? null : response(Tree.map(s.get("response"), "response")));
            m.put("websocket", s.get("websocket") == null ? null : webSocket(Tree.map(s.get("websocket"), "websocket")));
        } else {
            List<Object> messages = new ArrayList<>();
            for (Object o : Tree.list(s, "messages")) {
                Map<String, Object> msg = Tree.map(o, "message");
                messages.add(List.of(msg.get("from_client"), bytes(msg.get("content")), msg.get("timestamp")));
            }
            m.put("messages", messages);
        }
        if (withBackup && s.get("backup") != null) m.put("backup", toMitm(Tree.map(s.get("backup"), "backup"), false));
        return m;
    }

    private static Map<String, Object> error(Map<String, Object> e) {
        Map<String, Object> m = Tree.object();
        m.put("msg", e.get("msg"));
        m.put("timestamp", Tree.time(e, "timestamp"));
        return m;
    }

    private static Map<String, Object> request(Map<String, Object> r) {
        Map<String, Object> m = Tree.object();
        m.put("host", r.get("host"));
        m.put("port", r.get("port"));
        m.put("method", utf8(r.get("method")));
        m.put("scheme", utf8(r.get("scheme")));
        m.put("authority", utf8(r.get("authority")));
        m.put("path", bytes(r.get("path")));
        m.put("http_version", utf8(r.get("http_version")));
        messageTail(m, r);
        return m;
    }

    private static Map<String, Object> response(Map<String, Object> r) {
        Map<String, Object> m = Tree.object();
        m.put("http_version", utf8(r.get("http_version")));
        m.put("status_code", r.get("status_code"));
        m.put("reason", bytes(r.get("reason")));
        messageTail(m, r);
        return m;
    }

    private static void messageTail(Map<String, Object> m, Map<String, Object> r) {
        m.put("headers", r.get("headers"));
        Object content = r.get("content");
        // a body on disk stays a Body: the tnetstring writer streams it from its file
        m.put("content", content instanceof dev.sluice.flow.Body ? content : bytes(content));
        m.put("trailers", r.get("trailers"));
        m.put("timestamp_start", Tree.time(r, "timestamp_start"));
        m.put("timestamp_end", Tree.number(r.get("timestamp_end")));
    }

    private static Map<String, Object> webSocket(Map<String, Object> w) {
        Map<String, Object> m = Tree.object();
        List<Object> messages = new ArrayList<>();
        for (Object o : Tree.list(w, "messages")) {
            Map<String, Object> msg = Tree.map(o, "websocket message");
            messages.add(List.of(opcode(text(msg.get("type"))), msg.get("from_client"), bytes(msg.get("content")),
                    msg.get("timestamp"), msg.get("dropped"), msg.get("injected")));
        }
        m.put("messages", messages);
        m.put("closed_by_client", w.get("closed_by_client"));
        m.put("close_code", w.get("close_code"));
        m.put("close_reason", w.get("close_reason"));
        m.put("timestamp_end", w.get("timestamp_end"));
        return m;
    }

    private static long opcode(String type) {
        return switch (type == null ? "binary" : type) {
            case "text" -> 1;
            case "close" -> 8;
            case "ping" -> 9;
            case "pong" -> 10;
            default -> 2;
        };
    }

    private static String messageType(long opcode) {
        return switch ((int) opcode) {
            case 1 -> "text";
            case 8 -> "close";
            case 9 -> "ping";
            case 10 -> "pong";
            default -> "binary";
        };
    }

    private static Map<String, Object> client(Map<String, Object> c) {
        Map<String, Object> m = Tree.object();
        if (c == null) c = Tree.object();
        m.put("address", c.get("peername"));
        m.put("sockname", c.get("sockname"));
        m.put("id", c.get("id") == null ? dev.sluice.flow.Ids.next() : c.get("id"));
        m.put("state", c.get("timestamp_end") == null ? 3L : 0L);
        connectionTls(m, c);
        m.put("mitmcert", null);
        m.put("error", c.get("error"));
        m.put("timestamp_start", Tree.time(c, "timestamp_start"));
        m.put("timestamp_tls_setup", c.get("timestamp_tls_setup"));
        m.put("timestamp_end", c.get("timestamp_end"));
        m.put("tls_extensions", List.of());
        return m;
    }

    private static Map<String, Object> server(Map<String, Object> c) {
        Map<String, Object> m = Tree.object();
        if (c == null) c = Tree.object();
        m.put("address", c.get("address"));
        m.put("ip_address", c.get("peername"));
        m.put("source_address", c.get("sockname"));
        m.put("id", c.get("id") == null ? dev.sluice.flow.Ids.next() : c.get("id"));
        m.put("state", c.get("timestamp_end") == null && c.get("timestamp_start") != null ? 3L : 0L);
        connectionTls(m, c);
        m.put("error", c.get("error"));
        m.put("timestamp_start", c.get("timestamp_start"));
        m.put("timestamp_tcp_setup", c.get("timestamp_tcp_setup"));
        m.put("timestamp_tls_setup", c.get("timestamp_tls_setup"));
        m.put("timestamp_end", c.get("timestamp_end"));
        m.put("via", null);
        Object via = c.get("via");
        m.put("via2", via);
        return m;
    }

    private static void connectionTls(Map<String, Object> m, Map<String, Object> c) {
        boolean tls = Tree.bool(c, "tls");
        m.put("tls", tls);
        m.put("tls_established", tls && c.get("tls_version") != null);
        m.put("tls_version", c.get("tls_version"));
        m.put("sni", c.get("sni"));
        m.put("alpn", utf8(c.get("alpn")));
        List<Object> offers = new ArrayList<>();
        for (Object o : Tree.list(c, "alpn_offers")) offers.add(utf8(o));
        m.put("alpn_offers", offers);
        m.put("cipher_name", c.get("cipher"));
        m.put("cipher_list", List.of());
        List<Object> certs = new ArrayList<>();
        for (Object o : Tree.list(c, "certificate_list")) certs.add(utf8(o));
        m.put("certificate_list", certs);
    }

    private static byte[] utf8(Object o) {
        if (o == null) return null;
        return o instanceof byte[] b ? b : text(o).getBytes(StandardCharsets.UTF_8);
    }

    // ---- mitmproxy 17-21 -> native ----

    /** The flow's version; old tuple-style versions come back as text like {@code (0, 11)}. */
    static String versionText(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(String.valueOf(o));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(v);
    }

    /** Whether the record's {@code version} is one this reader converts. */
    static boolean readable(Object version) {
        return version instanceof Long v && v >= MIN_READ && v <= MAX_READ;
    }

    /** A native tree from a mitmproxy record of version 17 to 21 (checked by the caller). */
    static Map<String, Object> toNative(Map<String, Object> m) {
        int version = (int) Tree.integer(m, "version", WRITE_VERSION);
        Map<String, Object> s = Tree.object();
        String type = text(Tree.require(m, "type"));
        s.put("format", FlowState.FORMAT);
        s.put("version", (long) FlowState.VERSION);
        s.put("type", type);
        s.put("id", text(Tree.require(m, "id")));
        s.put("created", m.get("timestamp_created"));
        s.put("marked", markedText(m.get("marked")));
        s.put("comment", text(m.get("comment")));
        s.put("replay", text(m.get("is_replay")));
        s.put("metadata", m.get("metadata"));
        s.put("error", m.get("error"));
        s.put("client", nativeClient(Tree.mapOrNull(m, "client_conn"), version));
        s.put("server", nativeServer(Tree.mapOrNull(m, "server_conn"), version));
        if ("http".equals(type)) {
            s.put("request", m.get("request"));
            s.put("response", m.get("response"));
            Map<String, Object> ws = Tree.mapOrNull(m, "websocket");
            s.put("websocket", ws == null ? null : nativeWebSocket(ws));
        } else if ("tcp".equals(type)) {
            List<Object> messages = new ArrayList<>();
            for (Object o : Tree.list(m, "messages")) {
                List<Object> msg = Tree.list(o, "message");
                if (msg.size() < 3) throw new Tree.BadValue("a TCP message is not [from_client, content, timestamp]");
                Map<String, Object> n = Tree.object();
                n.put("from_client", msg.get(0));
                n.put("content", msg.get(1));
                n.put("timestamp", msg.get(2));
                messages.add(n);
            }
            s.put("messages", messages);
        }
        Map<String, Object> backup = Tree.mapOrNull(m, "backup");
        if (backup != null) {
            Map<String, Object> b = new java.util.LinkedHashMap<>(backup);
            b.putIfAbsent("version", (long) version);
            b.putIfAbsent("type", type);
            b.putIfAbsent("id", m.get("id"));
            s.put("backup", toNative(b));
        }
        return s;
    }

    private static String markedText(Object marked) {
        if (marked instanceof Boolean b) return b ? ":default:" : "";
        String t = text(marked);
        return t == null ? "" : t;
    }

    private static Map<String, Object> nativeWebSocket(Map<String, Object> w) {
        Map<String, Object> n = Tree.object();
        List<Object> messages = new ArrayList<>();
        for (Object o : Tree.list(w, "messages")) {
            List<Object> msg = Tree.list(o, "websocket message");
            if (msg.size() < 4) throw new Tree.BadValue("a WebSocket message is too short");
            Map<String, Object> m = Tree.object();
            m.put("type", messageType(msg.get(0) instanceof Number k ? k.longValue() : 2));
            m.put("from_client", msg.get(1));
            m.put("content", msg.get(2));
            m.put("timestamp", msg.get(3));
            m.put("dropped", msg.size() > 4 ? msg.get(4) : false);
            m.put("injected", msg.size() > 5 ? msg.get(5) : false);
            messages.add(m);
        }
        n.put("messages", messages);
        n.put("closed_by_client", w.get("closed_by_client"));
        n.put("close_code", w.get("close_code"));
        n.put("close_reason", text(w.get("close_reason")));
        n.put("timestamp_end", w.get("timestamp_end"));
        return n;
    }

    /** Version 19 renamed the client's {@code address} to {@code peername} and {@code cipher_name} to {@code cipher}. */
    private static Map<String, Object> nativeClient(Map<String, Object> c, int version) {
        if (c == null) return null;
        Map<String, Object> n = Tree.object();
        n.put("id", c.get("id"));
        n.put("peername", c.get(version >= 19 ? "peername" : "address"));
        n.put("sockname", c.get("sockname"));
        n.put("proxy_mode", version >= 18 ? text(c.get("proxy_mode")) : null);
        nativeTls(n, c, version);
        n.put("timestamp_start", c.get("timestamp_start"));
        n.put("timestamp_tls_setup", c.get("timestamp_tls_setup"));
        n.put("timestamp_end", c.get("timestamp_end"));
        n.put("error", text(c.get("error")));
        return n;
    }

    /** Version 19 renamed {@code ip_address}, {@code source_address} and {@code via2} to {@code peername}, {@code sockname}, {@code via}. */
    private static Map<String, Object> nativeServer(Map<String, Object> c, int version) {
        if (c == null) return null;
        Map<String, Object> n = Tree.object();
        n.put("id", c.get("id"));
        n.put("address", c.get("address"));
        n.put("peername", c.get(version >= 19 ? "peername" : "ip_address"));
        n.put("sockname", c.get(version >= 19 ? "sockname" : "source_address"));
        n.put("via", c.get(version >= 19 ? "via" : "via2"));
        nativeTls(n, c, version);
        n.put("timestamp_start", c.get("timestamp_start"));
        n.put("timestamp_tcp_setup", c.get("timestamp_tcp_setup"));
        n.put("timestamp_tls_setup", c.get("timestamp_tls_setup"));
        n.put("timestamp_end", c.get("timestamp_end"));
        n.put("error", text(c.get("error")));
        return n;
    }

    private static void nativeTls(Map<String, Object> n, Map<String, Object> c, int version) {
        n.put("tls", Tree.bool(c, "tls"));
        n.put("tls_version", text(c.get("tls_version")));
        n.put("sni", text(c.get("sni")));
        n.put("alpn", text(c.get("alpn")));
        List<Object> offers = new ArrayList<>();
        for (Object o : Tree.list(c, "alpn_offers")) offers.add(text(o));
        n.put("alpn_offers", offers);
        n.put("cipher", text(c.get(version >= 19 ? "cipher" : "cipher_name")));
        List<Object> certs = new ArrayList<>();
        for (Object o : Tree.list(c, "certificate_list")) certs.add(text(o));
        n.put("certificate_list", certs);
    }
}
