package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAR 1.2 export (flowfiles.md §5.1), checked against the required fields and types of the HAR 1.2 specification. */
class HarWriterTest {

    @TempDir
    Path dir;

    /** HAR 1.2's required members per object, with the JSON type each must have. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "log", List.of("version:string", "creator:object", "entries:array"),
            "creator", List.of("name:string", "version:string"),
            "entry", List.of("startedDateTime:string", "time:number", "request:object", "response:object", "cache:object", "timings:object"),
            "request", List.of("method:string", "url:string", "httpVersion:string", "cookies:array", "headers:array", "queryString:array",
                    "headersSize:number", "bodySize:number"),
            "response", List.of("status:number", "statusText:string", "httpVersion:string", "cookies:array", "headers:array",
                    "content:object", "redirectURL:string", "headersSize:number", "bodySize:number"),
            "content", List.of("size:number", "mimeType:string"),
            "timings", List.of("send:number", "wait:number", "receive:number"),
            "postData", List.of("mimeType:string"),
            "pair", List.of("name:string", "value:string"));

    /** The problems of a HAR document against the required members; empty when it conforms. */
    static List<String> schemaProblems(JsonObject doc) {
        List<String> problems = new ArrayList<>();
        JsonObject log = doc.getAsJsonObject("log");
        check("log", log, problems);
        check("creator", log.getAsJsonObject("creator"), problems);
        for (JsonElement e : log.getAsJsonArray("entries")) {
            JsonObject entry = e.getAsJsonObject();
            check("entry", entry, problems);
            if (!entry.get("startedDateTime").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")) {
                problems.add("startedDateTime is not ISO 8601: " + entry.get("startedDateTime"));
            }
            JsonObject req = entry.getAsJsonObject("request");
            JsonObject resp = entry.getAsJsonObject("response");
            check("request", req, problems);
            check("response", resp, problems);
            check("content", resp.getAsJsonObject("content"), problems);
            check("timings", entry.getAsJsonObject("timings"), problems);
            if (req.has("postData")) check("postData", req.getAsJsonObject("postData"), problems);
            for (String list : List.of("cookies", "headers", "queryString")) {
                for (JsonElement p : req.getAsJsonArray(list)) check("pair", p.getAsJsonObject(), problems);
            }
            for (String list : List.of("cookies", "headers")) {
                for (JsonElement p : resp.getAsJsonArray(list)) check("pair", p.getAsJsonObject(), problems);
            }
        }
        return problems;
    }

    private static void check(String what, JsonObject o, List<String> problems) {
        for (String member : REQUIRED.get(what)) {
            String name = member.substring(0, member.indexOf(':'));
            String type = member.substring(member.indexOf(':') + 1);
            JsonElement v = o.get(name);
            boolean ok = v != null && switch (type) {
                case "string" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
                case "number" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
                case "object" -> v.isJsonObject();
                default -> v.isJsonArray();
            };
            if (!ok) problems.add(what + "." + name + " missing or not a " + type + ": " + v);
        }
    }

    @Test
    void everyEntryHasTheRequiredHar12Fields() {
        JsonObject doc = JsonParser.parseString(new String(HarWriter.document(TestFlows.recorded()), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(schemaProblems(doc)).isEmpty();
        assertThat(doc.getAsJsonObject("log").get("version").getAsString()).isEqualTo("1.2");
        assertThat(doc.getAsJsonObject("log").getAsJsonObject("creator").get("name").getAsString()).isEqualTo("Sluice");
        assertThat(doc.getAsJsonObject("log").getAsJsonArray("entries")).as("HTTP flows only").hasSize(5);
    }

    @Test
    void entriesCarryTheDocumentedValues() {
        List<Flow> flows = TestFlows.recorded();
        JsonObject get = entry(flows.get(0));
        assertThat(get.get("startedDateTime").getAsString()).isEqualTo("2026-11-26T21:11:17.709Z");
        assertThat(get.getAsJsonObject("request").getAsJsonArray("queryString").toString())
                .isEqualTo("[{\"name\":\"q\",\"value\":\"a b\"},{\"name\":\"x\",\"value\":\"\"}]");
        assertThat(get.getAsJsonObject("request").get("bodySize").getAsLong()).isEqualTo(-1);
        assertThat(get.getAsJsonObject("response").getAsJsonObject("content").get("encoding").getAsString()).isEqualTo("base64");
        assertThat(get.get("comment").getAsString()).isEqualTo("a comment");
        assertThat(get.get("_marked").getAsString()).isEqualTo(":default:");
        assertThat(get.get("serverIPAddress").getAsString()).isEqualTo("93.184.216.34");
        JsonObject timings = get.getAsJsonObject("timings");
        assertThat(timings.get("connect").getAsDouble()).isEqualTo(125.0);
        assertThat(timings.get("ssl").getAsDouble()).isEqualTo(-1.0);
        assertThat(timings.get("wait").getAsDouble()).isEqualTo(11.5);
        assertThat(get.get("time").getAsDouble()).isEqualTo(125.0 + timings.get("send").getAsDouble() + 11.5 + timings.get("receive").getAsDouble());

        JsonObject gzip = entry(flows.get(1));
        JsonObject content = gzip.getAsJsonObject("response").getAsJsonObject("content");
        assertThat(content.get("text").getAsString()).isEqualTo("{\"created\": true, \"text\": \"über\"}");
        assertThat(content.get("compression").getAsLong()).isEqualTo(content.get("size").getAsLong() - flows.get(1).response().body().size());
        assertThat(gzip.getAsJsonObject("request").getAsJsonObject("postData").get("text").getAsString()).isEqualTo("{\"a\": 1}");

        JsonObject killed = entry(flows.get(3));
        assertThat(killed.getAsJsonObject("response").get("status").getAsInt()).isZero();
        assertThat(killed.getAsJsonObject("response").get("_error").getAsString()).isEqualTo("Connection killed.");

        JsonObject ws = entry(flows.get(4));
        assertThat(ws.get("_resourceType").getAsString()).isEqualTo("websocket");
        assertThat(ws.getAsJsonArray("_webSocketMessages").get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("send");
    }

    @Test
    void cookiesFormsAndRedirectsAreListed() {
        Flow f = TestFlows.http("POST", "http://example.com/login").requestHeader("Cookie", "a=1; b=2")
                .requestHeader("Content-Type", "application/x-www-form-urlencoded").requestBody("user=me&pw=x%20y")
                .response(302).responseHeader("Location", "/home")
                .responseHeader("Set-Cookie", "sid=abc; Path=/app; Domain=example.com; HttpOnly; Secure; SameSite=Lax; Expires=Wed, 13-Jan-2021 22:23:01 GMT")
                .build();
        JsonObject e = entry(f);
        JsonObject req = e.getAsJsonObject("request");
        assertThat(req.getAsJsonArray("cookies").toString()).isEqualTo("[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\",\"value\":\"2\"}]");
        assertThat(req.getAsJsonObject("postData").getAsJsonArray("params").toString())
                .isEqualTo("[{\"name\":\"user\",\"value\":\"me\"},{\"name\":\"pw\",\"value\":\"x y\"}]");
        JsonObject resp = e.getAsJsonObject("response");
        assertThat(resp.get("redirectURL").getAsString()).isEqualTo("/home");
        assertThat(resp.getAsJsonArray("cookies").get(0).toString()).isEqualTo("{\"name\":\"sid\",\"value\":\"abc\",\"domain\":\"example.com\","
                + "\"httpOnly\":true,\"secure\":true,\"sameSite\":\"Lax\",\"expires\":\"2021-01-13T22:23:01.000Z\",\"path\":\"/app\"}");
    }

    private static JsonObject entry(Flow f) {
        return JsonParser.parseString(Json.write(HarWriter.entry(f, new java.util.HashSet<>()))).getAsJsonObject();
    }

    @Test
    void anIncrementalFileIsACompleteDocumentAfterEveryFlow() throws IOException {
        Path file = dir.resolve("out.har");
        List<Flow> flows = TestFlows.recorded();
        try (FlowWriter w = FlowFiles.openWriter(file, false)) {
            assertThat(entries(file)).isZero();
            for (int i = 0; i < 3; i++) {
                w.write(flows.get(i));
                assertThat(entries(file)).as("after flow %d, as a crash would leave it", i + 1).isEqualTo(i + 1);
            }
        }
        try (FlowWriter w = FlowFiles.openWriter(file, true)) {
            w.write(flows.get(3));
        }
        assertThat(entries(file)).isEqualTo(4);
        assertThat(FlowFiles.readAll(file).flows()).hasSize(4);
    }

    private static int entries(Path file) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(schemaProblems(doc)).isEmpty();
        return doc.getAsJsonObject("log").getAsJsonArray("entries").size();
    }

    @Test
    void onlyHarFilesWrittenBySluiceCanBeAppendedTo() throws IOException {
        Path file = dir.resolve("browser.har");
        Files.writeString(file, "{\n  \"log\": {\"version\": \"1.2\", \"entries\": []}\n}\n");
        assertThatThrownBy(() -> FlowFiles.openWriter(file, true)).hasMessage("Cannot append to " + file + ": not a HAR file written by Sluice");
    }

    @Test
    void aZharDocumentIsZlibCompressed() throws Exception {
        Path file = dir.resolve("out.zhar");
        List<Flow> flows = TestFlows.recorded();
        HarWriter.writeDocument(file, flows);
        Inflater inflater = new Inflater();
        inflater.setInput(Files.readAllBytes(file));
        byte[] buf = new byte[1 << 20];
        int n = inflater.inflate(buf);
        inflater.end();
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo(new String(HarWriter.document(flows), StandardCharsets.UTF_8));
    }
}
