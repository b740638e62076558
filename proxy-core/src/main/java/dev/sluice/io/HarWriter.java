package dev.sluice.io;

import dev.sluice.Sluice;
import dev.sluice.flow.Addresses;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Forms;
import dev.sluice.flow.Headers;
import dev.sluice.flow.HttpDates;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.flow.StreamMessage;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HAR 1.2 export (flowfiles.md §5.1). As a {@link FlowWriter} it keeps a file a complete HAR
 * document after every flow: the closing {@code ]}}} is overwritten by {@code ,<entry>]}}} in one
 * write, so a crash loses nothing written before it. {@link #document} writes a whole document.
 */
public final class HarWriter implements FlowWriter {

    private static final String TAIL = "]}}";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final FileChannel file;
    /** Server connections already given their connect and ssl times; the most recent ones suffice. */
    private final Set<String> serverConnsSeen = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private boolean empty;

    private HarWriter(FileChannel file, boolean empty) {
        this.file = file;
        this.empty = empty;
    }

    /**
     * Opens a HAR file for incremental writing: truncates it and writes an empty document, or
     * (append) continues a document this writer wrote before.
     *
     * @throws IOException {@code Cannot append to <path>: not a HAR file written by Sluice}
     */
    static HarWriter open(Path path, boolean append) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (append && ch.size() > 0) {
                String tail = readTail(ch, 4);
                if (!tail.endsWith(TAIL)) throw new IOException("Cannot append to " + path + ": not a HAR file written by Sluice");
                return new HarWriter(ch, tail.equals("[" + TAIL));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((head() + TAIL).getBytes(StandardCharsets.UTF_8)), 0);
            return new HarWriter(ch, true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static String readTail(FileChannel ch, int n) throws IOException {
        long size = ch.size();
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(n, size));
        ch.read(b, size - b.capacity());
        return new String(b.array(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void write(Flow flow) throws IOException {
        if (flow.type() != Flow.Type.HTTP || flow.request() == null) return;
        Map<String, Object> tree = entry(flow, serverConnsSeen);
        if (onDisk(flow.request()) || onDisk(flow.response())) {
            // a body on disk is streamed from its file into the entry (features.md §14)
            file.position(file.size() - TAIL.length());
            Writer out = new java.io.BufferedWriter(java.nio.channels.Channels.newWriter(file, StandardCharsets.UTF_8), 1 << 16);
            out.write(empty ? "" : ",");
            Json.write(tree, out);
            out.write(TAIL);
            out.flush();
        } else {
            String entry = (empty ? "" : ",") + Json.write(tree) + TAIL;
            file.write(ByteBuffer.wrap(entry.getBytes(StandardCharsets.UTF_8)), file.size() - TAIL.length());
        }
        empty = false;
    }

    private static boolean onDisk(Message m) {
        return m != null && m.body() != null && !m.body().inMemory();
    }

    /**
     * HAR's {@code text} of a body kept on disk, streamed when written: decoded (raw when it cannot
     * be), as text when UTF-8, else base64 with the encoding key set. Returns the decoded size.
     */
    private static long putStreamedText(Map<String, Object> o, Message m, String encodingKey) {
        Json.Opener decoded = m::openContent;
        Json.Scan scan;
        try {
            scan = Json.Scan.of(decoded);
        } catch (IOException decodeFailed) {
            decoded = m.body()::openStream;
            try {
                scan = Json.Scan.of(decoded);
            } catch (IOException unreadable) {
                return 0;
            }
        }
        o.put("text", new Json.Streamed(decoded, !scan.utf8()));
        if (!scan.utf8()) o.put(encodingKey, "base64");
        return scan.size();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** A complete HAR document of the HTTP flows. */
    public static byte[] document(List<Flow> flows) {
        StringBuilder sb = new StringBuilder(head());
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (Flow f : flows) {
            if (f.type() != Flow.Type.HTTP || f.request() == null) continue;
            if (!first) sb.append(',');
            sb.append(Json.write(entry(f, seen)));
            first = false;
        }
        return sb.append(TAIL).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String head() {
        Map<String, Object> creator = Tree.object();
        creator.put("name", "Sluice");
        creator.put("version", Sluice.VERSION);
        return "{\"log\":{\"version\":\"1.2\",\"creator\":" + Json.write(creator) + ",\"pages\":[],\"entries\":[";
    }

    // ---- one entry ----

    static Map<String, Object> entry(Flow flow, Set<String> serverConnsSeen) {
        Request req = flow.request();
        Response resp = flow.response();
        Map<String, Object> timings = timings(flow, serverConnsSeen);
        double total = 0;
        for (Object v : timings.values()) if (((Number) v).doubleValue() > 0) total += ((Number) v).doubleValue();
        Map<String, Object> e = Tree.object();
        e.put("startedDateTime", ISO.format(instant(req.timestampStart())));
        e.put("time", total);
        e.put("request", request(req));
        e.put("response", response(flow, resp));
        e.put("cache", Tree.object());
        e.put("timings", timings);
        ServerConn server = flow.server();
        if (server != null && server.peer() != null && server.peer().getAddress() != null) {
            e.put("serverIPAddress", Addresses.ipText(server.peer().getAddress()));
        }
        if (!flow.comment().isEmpty()) e.put("comment", flow.comment());
        if (!flow.marked().isEmpty()) e.put("_marked", flow.marked());
        if (flow.isWebSocket()) {
            e.put("_resourceType", "websocket");
            List<Object> messages = new ArrayList<>();
            for (StreamMessage m : flow.messages()) {
                Map<String, Object> o = Tree.object();
                boolean text = FlowState.isUtf8(m.content());
                o.put("type", m.fromClient() ? "send" : "receive");
                o.put("time", m.timestamp());
                o.put("opcode", text ? 1L : 2L);
                o.put("data", text ? new String(m.content(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(m.content()));
                messages.add(o);
            }
            e.put("_webSocketMessages", messages);
        }
        return e;
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    private static Map<String, Object> request(Request r) {
        Map<String, Object> o = Tree.object();
        o.put("method", r.method());
        o.put("url", r.isConnect() ? "https://" + Request.hostPort(r.host(), r.port()) + "/" : r.prettyUrl());
        o.put("httpVersion", r.httpVersion());
        List<Object> cookies = new ArrayList<>();
        for (String line : r.headers().getAll("cookie")) {
            for (String c : line.split(";")) {
                int eq = c.indexOf('=');
                if (c.isBlank()) continue;
                cookies.add(nameValue(eq < 0 ? c.trim() : c.substring(0, eq).trim(), eq < 0 ? "" : c.substring(eq + 1).trim()));
            }
        }
        o.put("cookies", cookies);
        o.put("headers", headers(r.headers()));
        o.put("queryString", pairs(Forms.urlencoded(r.query())));
        o.put("headersSize", headersSize(r, r.method() + " " + r.path() + " " + r.httpVersion()));
        o.put("bodySize", r.body() == null ? -1L : r.body().size());
        if (onDisk(r)) {
            Map<String, Object> post = Tree.object();
            String type = r.headers().get("content-type");
            post.put("mimeType", type == null ? "" : type);
            putStreamedText(post, r, "_encoding"); // no params: a body this large is not parsed as a form
            o.put("postData", post);
            return o;
        }
        byte[] content = r.contentOrRaw();
        if (content != null && content.length > 0) {
            Map<String, Object> post = Tree.object();
            String type = r.headers().get("content-type");
            post.put("mimeType", type == null ? "" : type);
            putText(post, content, "_encoding");
            List<Map.Entry<String, String>> fields = Forms.fields(type, content);
            if (Forms.isType(type, "application/x-www-form-urlencoded") || Forms.isType(type, "multipart/form-data")) {
                post.put("params", pairs(fields));
            }
            o.put("postData", post);
        }
        return o;
    }

    private static Map<String, Object> response(Flow flow, Response r) {
        Map<String, Object> o = Tree.object();
        if (r == null) {
            o.put("status", 0L);
            o.put("statusText", "");
            o.put("httpVersion", flow.request().httpVersion());
            o.put("cookies", List.of());
            o.put("headers", List.of());
            Map<String, Object> content = Tree.object();
            content.put("size", 0L);
            content.put("mimeType", "");
            o.put("content", content);
            o.put("redirectURL", "");
            o.put("headersSize", -1L);
            o.put("bodySize", -1L);
            if (flow.error() != null) o.put("_error", flow.error().msg());
            return o;
        }
        o.put("status", (long) r.statusCode());
        o.put("statusText", r.reason());
        o.put("httpVersion", r.httpVersion());
        List<Object> cookies = new ArrayList<>();
        for (String line : r.headers().getAll("set-cookie")) cookies.add(setCookie(line));
        o.put("cookies", cookies);
        o.put("headers", headers(r.headers()));
        Map<String, Object> content = Tree.object();
        long raw = r.body() == null ? 0 : r.body().size();
        String type = r.headers().get("content-type");
        if (onDisk(r)) {
            content.put("mimeType", type == null ? "" : type);
            long size = putStreamedText(content, r, "encoding");
            content.put("size", size);
            if (r.headers().contains("content-encoding")) content.put("compression", size - raw);
        } else {
            byte[] decoded = r.contentOrRaw();
            content.put("size", decoded == null ? 0L : (long) decoded.length);
            if (r.headers().contains("content-encoding") && decoded != null) content.put("compression", decoded.length - raw);
            content.put("mimeType", type == null ? "" : type);
            if (decoded != null && decoded.length > 0) putText(content, decoded, "encoding");
        }
        o.put("content", content);
        String location = r.headers().get("location");
        o.put("redirectURL", location == null ? "" : location);
        o.put("headersSize", headersSize(r, r.httpVersion() + " " + r.statusCode() + " " + r.reason()));
        o.put("bodySize", r.body() == null ? -1L : raw);
        return o;
    }

    /** {@code text} as UTF-8, or base64 with the encoding key set when it is not valid UTF-8. */
    private static void putText(Map<String, Object> o, byte[] content, String encodingKey) {
        if (FlowState.isUtf8(content)) {
            o.put("text", new String(content, StandardCharsets.UTF_8));
        } else {
            o.put("text", Base64.getEncoder().encodeToString(content));
            o.put(encodingKey, "base64");
        }
    }

    private static Map<String, Object> setCookie(String line) {
        String[] parts = line.split(";");
        int eq = parts[0].indexOf('=');
        Map<String, Object> c = nameValue(eq < 0 ? parts[0].trim() : parts[0].substring(0, eq).trim(),
                eq < 0 ? "" : parts[0].substring(eq + 1).trim());
        String path = "/";
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int e = p.indexOf('=');
            String name = (e < 0 ? p : p.substring(0, e)).trim().toLowerCase(java.util.Locale.ROOT);
            String value = e < 0 ? "" : p.substring(e + 1).trim();
            switch (name) {
                case "path" -> path = value;
                case "domain" -> c.put("domain", value);
                case "httponly" -> c.put("httpOnly", true);
                case "secure" -> c.put("secure", true);
                case "samesite" -> c.put("sameSite", value);
                case "expires" -> {
                    Instant t = HttpDates.parse(value);
                    if (t != null) c.put("expires", ISO.format(t));
                }
                default -> {
                }
            }
        }
        c.put("path", path);
        c.putIfAbsent("httpOnly", false);
        c.putIfAbsent("secure", false);
        return c;
    }

    private static long headersSize(Message m, String firstLine) {
        if (!m.httpVersion().startsWith("HTTP/1")) return -1;
        long size = firstLine.length() + 2 + 2;
        for (Headers.Field f : m.headers()) size += f.name().length() + 2 + f.value().length() + 2;
        return size;
    }

    private static Map<String, Object> timings(Flow flow, Set<String> serverConnsSeen) {
        Request req = flow.request();
        Response resp = flow.response();
        ServerConn s = flow.server();
        double connect = -1;
        double ssl = -1;
        if (s != null && serverConnsSeen.add(s.id())) {
            connect = millis(s.timestampStart(), s.timestampTcpSetup());
            if (s.isTls()) ssl = millis(s.timestampTcpSetup(), s.timestampTlsSetup());
        }
        Map<String, Object> t = Tree.object();
        t.put("blocked", -1.0);
        t.put("dns", -1.0);
        t.put("connect", connect);
        t.put("ssl", ssl);
        t.put("send", millis(req.timestampStart(), req.timestampEnd()));
        t.put("wait", resp == null ? -1.0 : millis(req.timestampEnd(), resp.timestampStart()));
        t.put("receive", resp == null ? -1.0 : millis(resp.timestampStart(), resp.timestampEnd()));
        return t;
    }

    /** Milliseconds between two timestamps, -1 when either is unknown or the span is negative. */
    private static double millis(double from, double to) {
        if (from == 0 || to == 0 || to < from) return -1;
        return Math.round((to - from) * 1_000_000) / 1000.0;
    }

    private static List<Object> headers(Headers h) {
        List<Object> out = new ArrayList<>();
        for (Headers.Field f : h) out.add(nameValue(utf8(f.name()), utf8(f.value())));
        return out;
    }

    /** Wire text (one char per byte) shown as UTF-8 when it is UTF-8. */
    private static String utf8(String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return FlowState.isUtf8(b) ? new String(b, StandardCharsets.UTF_8) : latin1;
    }

    private static List<Object> pairs(List<Map.Entry<String, String>> pairs) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, String> p : pairs) out.add(nameValue(p.getKey(), p.getValue()));
        return out;
    }

    private static Map<String, Object> nameValue(String name, String value) {
        Map<String, Object> o = Tree.object();
        o.put("name", name);
        o.put("value", value);
        return o;
    }

    /** The HAR document for the flows, zlib-compressed at level 9 (a {@code .zhar} file). */
    public static byte[] compressed(List<Flow> flows) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9);
        try {
            d.setInput(document(flows));
            d.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Writes a whole HAR document (zlib-compressed for a {@code .zhar} name), creating missing directories. */
    public static void writeDocument(Path path, List<Flow> flows) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        byte[] bytes = path.getFileName().toString().endsWith(".zhar") ? compressed(flows) : document(flows);
        Files.write(path, bytes);
    }
}
