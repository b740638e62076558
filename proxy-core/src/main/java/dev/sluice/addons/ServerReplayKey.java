package dev.sluice.addons;

import dev.sluice.flow.Body;
import dev.sluice.flow.Forms;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server replay match key (features.md §10), computed identically for recorded and incoming
 * requests from the six matching options. Two requests match when their keys are equal.
 */
record ServerReplayKey(boolean ignoreContent, List<String> ignorePayloadParams, boolean ignoreHost, boolean ignorePort,
                       List<String> ignoreParams, List<String> useHeaders) {

    /** A recorded body that was absent, distinct from an empty one. */
    private static final String ABSENT = "\u0000absent";

    ServerReplayKey {
        ignorePayloadParams = List.copyOf(ignorePayloadParams);
        ignoreParams = List.copyOf(ignoreParams);
        useHeaders = List.copyOf(useHeaders);
    }

    List<Object> of(Request r) {
        List<Object> key = new ArrayList<>();
        key.add(r.scheme());
        key.add(r.method());
        key.add(pathWithoutParams(r.pathOnly()));
        if (!ignoreContent) key.add(content(r));
        if (!ignoreHost) key.add(Headers.asciiLowerCase(r.prettyHost() == null ? "" : r.prettyHost()));
        if (!ignorePort) key.add(r.port());
        List<Map.Entry<String, String>> query = new ArrayList<>();
        for (Map.Entry<String, String> p : Forms.urlencoded(r.query())) if (!ignoreParams.contains(p.getKey())) query.add(p);
        key.add(query);
        for (String name : useHeaders) {
            List<String> values = r.headers().getAll(name);
            key.add(values.isEmpty() ? ABSENT : String.join(", ", values));
        }
        return key;
    }

    /** The path without the {@code ;params} of its last segment. */
    static String pathWithoutParams(String path) {
        int slash = path.lastIndexOf('/');
        int semi = path.indexOf(';', slash + 1);
        return semi < 0 ? path : path.substring(0, semi);
    }

    private Object content(Request r) {
        if (!ignorePayloadParams.isEmpty()) {
            String type = r.headers().get("content-type");
            if (Forms.isType(type, "multipart/form-data") || Forms.isType(type, "application/x-www-form-urlencoded")) {
                List<Map.Entry<String, String>> fields = Forms.fields(type, r.contentOrRaw());
                if (!fields.isEmpty()) {
                    List<Map.Entry<String, String>> kept = new ArrayList<>();
                    for (Map.Entry<String, String> f : fields) if (!ignorePayloadParams.contains(f.getKey())) kept.add(f);
                    return kept;
                }
            }
        }
        Body body = r.body();
        if (body == null) return ABSENT;
        // a large body (possibly on disk) is keyed by its digest, whichever way it is stored
        return body.size() > DIGEST_ABOVE ? digest(body) : new String(body.bytes(), StandardCharsets.ISO_8859_1);
    }

    private static final long DIGEST_ABOVE = 1 << 20;

    private static String digest(Body body) {
        try (java.io.InputStream in = body.openStream()) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest()) + ":" + body.size();
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            return "unreadable:" + e.getMessage();
        }
    }
}
