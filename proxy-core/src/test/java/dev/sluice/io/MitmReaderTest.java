package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.StreamMessage;
import dev.sluice.testsupport.Mitmproxy;
import dev.sluice.testsupport.TestFlows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading mitmproxy's files: recordings made by mitmdump 8.1.1 and the later format versions (flowfiles.md §4.2). */
class MitmReaderTest {

    @TempDir
    Path dir;

    /** What mitmproxy's describe_flows.py prints, built from a Sluice flow, for field-by-field comparison. */
    static JsonObject describe(Flow f) {
        JsonObject o = new JsonObject();
        o.addProperty("type", f.type() == Flow.Type.HTTP ? "http" : "tcp");
        o.addProperty("id", f.id());
        o.addProperty("marked", f.marked());
        o.addProperty("comment", f.comment());
        o.add("metadata", com.google.gson.JsonParser.parseString(Json.write(Json.plain(f.metadata()))));
        o.add("is_replay", f.replay() == null ? JsonNull.INSTANCE : new JsonPrimitive(f.replay().name().toLowerCase()));
        o.add("error", f.error() == null ? JsonNull.INSTANCE : new JsonPrimitive(f.error().msg()));
        if (f.type() == Flow.Type.HTTP) {
            o.addProperty("method", f.request().method());
            o.addProperty("url", f.request().url());
            o.add("request", message(f.request()));
            if (f.response() != null) {
                o.addProperty("status_code", f.response().statusCode());
                o.addProperty("reason", f.response().reason());
                o.add("response", message(f.response()));
            }
            if (f.isWebSocket()) {
                JsonArray messages = new JsonArray();
                for (StreamMessage m : f.messages()) messages.add(streamMessage(FlowState.isUtf8(m.content()) ? "TEXT" : "BINARY", m));
                o.add("websocket", messages);
            }
        } else {
            JsonArray messages = new JsonArray();
            for (StreamMessage m : f.messages()) messages.add(streamMessage(null, m));
            o.add("messages", messages);
        }
        return o;
    }

    private static JsonArray streamMessage(String type, StreamMessage m) {
        JsonArray a = new JsonArray();
        if (type != null) a.add(type);
        a.add(m.fromClient());
        a.add(b64(m.content()));
        return a;
    }

    private static JsonObject message(Message m) {
        JsonObject o = new JsonObject();
        o.addProperty("http_version", m.httpVersion());
        o.add("headers", headers(m.headers()));
        byte[] raw = m.rawContent();
        o.add("raw", raw == null ? JsonNull.INSTANCE : new JsonPrimitive(b64(raw)));
        o.add("trailers", m.trailers() == null ? JsonNull.INSTANCE : headers(m.trailers()));
        o.addProperty("timestamp_start", m.timestampStart());
        return o;
    }

    private static JsonArray headers(Headers h) {
        JsonArray a = new JsonArray();
        for (Headers.Field f : h) {
            JsonArray pair = new JsonArray();
            pair.add(b64(f.name().getBytes(StandardCharsets.ISO_8859_1)));
            pair.add(b64(f.value().getBytes(StandardCharsets.ISO_8859_1)));
            a.add(pair);
        }
        return a;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** mitmproxy's description restricted to the keys Sluice's description has. */
    static JsonObject comparable(JsonObject mitm, JsonObject sluice) {
        JsonObject out = new JsonObject();
        for (String key : sluice.keySet()) {
            JsonElement v = mitm.get(key);
            if (v != null && v.isJsonObject() && sluice.get(key).isJsonObject() && (key.equals("request") || key.equals("response"))) {
                v = comparable(v.getAsJsonObject(), sluice.get(key).getAsJsonObject());
            }
            out.add(key, v == null ? JsonNull.INSTANCE : v);
        }
        return out;
    }

    @Test
    void aRecordingOfMitmdump811LoadsWithIdenticalRequestsAndResponses() throws Exception {
        Path recording = Mitmproxy.fixture("mitmdump-8.1.1.mitm");
        FlowFiles.Loaded loaded = FlowFiles.readAll(recording);
        assertThat(loaded.failure()).isNull();
        List<Flow> flows = loaded.flows();
        assertThat(flows).extracting(f -> f.request().method() + " " + f.request().path())
                .containsExactly("GET /get?a=1", "POST /post", "GET /gzip", "GET /binary", "GET /refused");
        assertThat(flows.get(1).request().headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(flows.get(2).response().text()).isEqualTo("{\"hello\": \"gzip\"}");
        assertThat(flows.get(3).response().rawContent()).hasSize(256);
        assertThat(flows.get(4).error().msg()).contains("Connect call failed");
        Mitmproxy.assumeInstalled();
        List<JsonObject> reference = Mitmproxy.describe(recording);
        for (int i = 0; i < flows.size(); i++) {
            JsonObject ours = describe(flows.get(i));
            assertThat(ours).isEqualTo(comparable(reference.get(i), ours));
        }
    }

    @Test
    void aRecordingWrittenBackOutLoadsInMitmproxyAgainUnchanged() throws Exception {
        Mitmproxy.assumeInstalled();
        Path recording = Mitmproxy.fixture("mitmdump-8.1.1.mitm");
        Path again = dir.resolve("again.mitm");
        FlowFiles.save(again, false, FlowFiles.readAll(recording).flows());
        List<JsonObject> before = Mitmproxy.describe(recording);
        List<JsonObject> after = Mitmproxy.describe(again);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            JsonObject a = after.get(i);
            a.remove("modified");
            JsonObject b = before.get(i);
            b.remove("modified");
            assertThat(a).isEqualTo(b);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {18, 19, 20, 21})
    void laterFormatVersionsLoad(int version) throws IOException {
        FlowFiles.Loaded loaded = FlowFiles.readAll(Mitmproxy.fixture("version-" + version + ".mitm"));
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.flows()).extracting(f -> f.request().method()).containsExactly("GET", "POST");
        Flow first = loaded.flows().get(0);
        assertThat(first.client().peer().getPort()).isPositive();
        assertThat(first.server().peer()).isNotNull();
        assertThat(first.client().proxyMode()).isEqualTo("regular");
    }

    @Test
    void version16IsRefusedWithTheVersionMessage() throws IOException {
        FlowFiles.Loaded loaded = FlowFiles.readAll(Mitmproxy.fixture("version-16.mitm"));
        assertThat(loaded.flows()).isEmpty();
        assertThat(loaded.failure().summary()).isEqualTo("Cannot read mitmproxy flow format version 16; Sluice reads versions 17 to 21.");
        assertThat(loaded.failure().detail()).endsWith("version-16.mitm: byte 0: version 16");
    }

    @Test
    void aDnsFlowBetweenTwoHttpFlowsIsSkippedWithOneWarning() throws IOException {
        FlowFiles.Loaded loaded = FlowFiles.readAll(Mitmproxy.fixture("dns-between-http.mitm"));
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.flows()).hasSize(2);
        assertThat(loaded.warnings()).containsExactly("Skipped 1 DNS/UDP flows (not supported by Sluice).");
    }

    @Test
    void tenFlowsTruncatedInTheSeventhRecordLoadSix() throws IOException {
        Flow template = TestFlows.recorded().get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int seventhStart = 0;
        for (int i = 0; i < 10; i++) {
            if (i == 6) seventhStart = out.size();
            out.writeBytes(MitmWriter.encode(template));
        }
        byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), seventhStart + 100);
        Path file = dir.resolve("cut.mitm");
        Files.write(file, cut);
        FlowFiles.Loaded loaded = FlowFiles.readAll(file);
        assertThat(loaded.flows()).hasSize(6);
        assertThat(loaded.failure().summary()).isEqualTo("Flow file corrupted - loaded 6 flows.");
        assertThat(loaded.failure().detail()).isEqualTo(file + ": byte " + seventhStart + ": truncated: the file ends inside a value");
    }

    @Test
    void anUnknownFlowTypeFails() throws IOException {
        Path file = dir.resolve("t.mitm");
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("version", 17L);
        record.put("type", "quic");
        record.put("id", "x");
        Files.write(file, Tnetstring.encode(record));
        assertThat(FlowFiles.readAll(file).failure().summary()).isEqualTo("Unknown flow type: quic");
    }
}
