package dev.sluice.io;

import static dev.sluice.io.Tree.text;

import com.google.gson.stream.JsonReader;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Ids;
import dev.sluice.flow.Url;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HAR import (flowfiles.md §5.2): each entry becomes a flow (not live, fresh id) through a native
 * state tree. An entry that cannot be converted is skipped with a warning; a document that is not
 * JSON or has no {@code log.entries} fails with {@code Unable to read HAR file: <reason>}.
 */
final class HarReader implements FlowReader {

    private final InputStream in;
    private final String path;
    private Iterator<Object> entries;
    private int index;
    private final List<String> warnings = new ArrayList<>();

    HarReader(InputStream in, String path) {
        this.in = in;
        this.path = path;
    }

    @Override
    public Flow next() throws FlowFileException {
        if (entries == null) entries = load().iterator();
        while (entries.hasNext()) {
            Object entry = entries.next();
            index++;
            try {
                return FlowState.toFlow(toState(Tree.map(entry, "entry")));
            } catch (Tree.BadValue | IllegalArgumentException | DateTimeParseException e) {
                warnings.add("Skipping HAR entry " + index + ": " + e.getMessage());
            }
        }
        return null;
    }

    private List<Object> load() throws FlowFileException {
        Object doc;
        try (JsonReader r = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            doc = Json.value(r, 0);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new FlowFileException("Unable to read HAR file: " + e.getMessage(), path, null, e.getMessage(), 0);
        }
        try {
            Map<String, Object> log = Tree.map(Tree.require(Tree.map(doc, "the document"), "log"), "log");
            Object entries = log.get("entries");
            if (!(entries instanceof List<?>)) throw new Tree.BadValue("log.entries is missing");
            return Tree.list(entries, "log.entries");
        } catch (Tree.BadValue e) {
            throw new FlowFileException("Unable to read HAR file: " + e.getMessage(), path, null, e.getMessage(), 0);
        }
    }

    private static Map<String, Object> toState(Map<String, Object> e) {
        Map<String, Object> req = Tree.map(Tree.require(e, "request"), "request");
        Map<String, Object> resp = Tree.mapOrNull(e, "response");
        Map<String, Object> timings = Tree.mapOrNull(e, "timings");
        double start = parseTime(text(Tree.require(e, "startedDateTime")));
        double send = span(timings, "send");
        double wait = span(timings, "wait");
        double receive = span(timings, "receive");
        Url url = Url.parse(text(Tree.require(req, "url")));

        Map<String, Object> s = Tree.object();
        s.put("format", FlowState.FORMAT);
        s.put("version", (long) FlowState.VERSION);
        s.put("type", "http");
        s.put("id", Ids.next());
        s.put("created", start);
        s.put("marked", text(e, "_marked", ""));
        s.put("comment", text(e, "comment", ""));

        Map<String, Object> r = Tree.object();
        r.put("method", text(Tree.require(req, "method")));
        r.put("scheme", url.scheme());
        r.put("host", url.host());
        r.put("port", (long) url.port());
        r.put("authority", "");
        r.put("path", url.path());
        r.put("http_version", version(text(req.get("httpVersion"))));
        Headers requestHeaders = FlowState.toHeaders(req.get("headers"));
        r.put("headers", FlowState.headers(requestHeaders));
        Map<String, Object> post = Tree.mapOrNull(req, "postData");
        r.put("content", post == null ? new byte[0] : body(post, "_encoding", requestHeaders));
        r.put("timestamp_start", start);
        r.put("timestamp_end", start + send);
        s.put("request", r);

        long status = resp == null ? 0 : Tree.integer(resp, "status", 0);
        if (status > 0) {
            Map<String, Object> o = Tree.object();
            o.put("http_version", version(text(resp.get("httpVersion"))));
            o.put("status_code", status);
            o.put("reason", text(resp, "statusText", ""));
            Headers responseHeaders = FlowState.toHeaders(resp.get("headers"));
            o.put("headers", FlowState.headers(responseHeaders));
            Map<String, Object> content = Tree.mapOrNull(resp, "content");
            o.put("content", content == null ? new byte[0] : body(content, "encoding", responseHeaders));
            o.put("timestamp_start", start + send + wait);
            o.put("timestamp_end", start + send + wait + receive);
            s.put("response", o);
        }
        if (resp != null && resp.get("_error") != null) {
            Map<String, Object> err = Tree.object();
            err.put("msg", text(resp.get("_error")));
            err.put("timestamp", start + send + wait);
            s.put("error", err);
        }
        Map<String, Object> server = Tree.object();
        server.put("address", Tree.address(url.host(), url.port()));
        String ip = text(e.get("serverIPAddress"));
        if (ip != null && !ip.isEmpty()) server.put("peername", Tree.address(ip.replace("[", "").replace("]", ""), url.port()));
        s.put("server", server);
        return s;
    }

    /** The raw body: the decoded text (base64 when the encoding key says so), re-encoded per Content-Encoding. */
    private static byte[] body(Map<String, Object> o, String encodingKey, Headers headers) {
        String textValue = text(o.get("text"));
        if (textValue == null) return new byte[0];
        String enc = text(o.get(encodingKey));
        if (enc == null) enc = text(o.get("encoding"));
        byte[] decoded = "base64".equalsIgnoreCase(enc) ? Base64.getMimeDecoder().decode(textValue) : textValue.getBytes(StandardCharsets.UTF_8);
        String ce = headers.get("content-encoding");
        if (ce == null || ce.isBlank()) return decoded;
        try {
            return ContentEncoding.encode(decoded, ce);
        } catch (RuntimeException unknownEncoding) {
            return decoded;
        }
    }

    private static String version(String v) {
        if (v == null || v.isBlank()) return "HTTP/1.1";
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("h2") || lower.equals("http/2") || lower.equals("http/2.0")) return "HTTP/2.0";
        if (lower.equals("h3") || lower.equals("http/3") || lower.equals("http/3.0")) return "HTTP/3";
        return v.trim().toUpperCase(Locale.ROOT);
    }

    private static double span(Map<String, Object> timings, String key) {
        if (timings == null) return 0;
        Double ms = Tree.number(timings.get(key));
        return ms == null || ms < 0 ? 0 : ms / 1000.0;
    }

    private static double parseTime(String iso) {
        Instant t;
        try {
            t = Instant.parse(iso);
        } catch (DateTimeParseException e) {
            t = OffsetDateTime.parse(iso).toInstant();
        }
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
