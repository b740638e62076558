package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Mitmproxy;
import dev.sluice.testsupport.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing version 17 exactly as mitmproxy 8.1.1's strict reader loads it (flowfiles.md §4.3). */
class MitmWriterTest {

    @TempDir
    Path dir;

    @Test
    void recordsCarryExactlyTheVersion17Keys() {
        Flow f = TestFlows.recorded().get(0);
        Map<String, Object> m = MitmLayout.toMitm(FlowState.of(f));
        assertThat(m.keySet()).containsExactly("version", "type", "id", "error", "client_conn", "server_conn", "intercepted", "is_replay",
                "marked", "metadata", "comment", "timestamp_created", "request", "response", "websocket");
        assertThat(Tree.map(m.get("request"), "r").keySet()).containsExactly("host", "port", "method", "scheme", "authority", "path",
                "http_version", "headers", "content", "trailers", "timestamp_start", "timestamp_end");
        assertThat(Tree.map(m.get("client_conn"), "c").keySet()).containsExactly("address", "sockname", "id", "state", "tls",
                "tls_established", "tls_version", "sni", "alpn", "alpn_offers", "cipher_name", "cipher_list", "certificate_list",
                "mitmcert", "error", "timestamp_start", "timestamp_tls_setup", "timestamp_end", "tls_extensions");
        assertThat(Tree.map(m.get("server_conn"), "s").keySet()).containsExactly("address", "ip_address", "source_address", "id",
                "state", "tls", "tls_established", "tls_version", "sni", "alpn", "alpn_offers", "cipher_name", "cipher_list",
                "certificate_list", "error", "timestamp_start", "timestamp_tcp_setup", "timestamp_tls_setup", "timestamp_end", "via", "via2");
        String encoded = new String(MitmWriter.encode(f), StandardCharsets.ISO_8859_1);
        assertThat(encoded).startsWith("").contains("7:version;2:17#", "4:type;4:http;", "15:timestamp_start;15:1795727477.7085^");
    }

    @Test
    void everyKindOfFlowLoadsInMitmproxy811WithTheSameContent() throws Exception {
        Mitmproxy.assumeInstalled();
        List<Flow> flows = TestFlows.recorded();
        Path file = dir.resolve("sluice.mitm");
        FlowFiles.save(file, false, flows);
        List<JsonObject> reference = Mitmproxy.describe(file);
        assertThat(reference).hasSize(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            JsonObject ours = MitmReaderTest.describe(flows.get(i));
            assertThat(MitmReaderTest.comparable(reference.get(i), ours)).isEqualTo(ours);
        }
        assertThat(reference.get(1).get("modified").getAsBoolean()).as("the backup of an edited flow").isTrue();
        assertThat(reference.get(1).getAsJsonObject("response").get("text").getAsString())
                .as("mitmproxy decodes the gzip body Sluice wrote raw").isEqualTo("{\"created\": true, \"text\": \"über\"}");
        assertThat(reference.get(2).getAsJsonObject("response").get("raw").isJsonNull()).as("a streamed body stays absent").isTrue();
        assertThat(reference.get(0).getAsJsonObject("metadata").get("blocklisted").getAsBoolean()).isTrue();
    }

    @Test
    void mitmdumpReadsASluiceFile() throws Exception {
        Mitmproxy.assumeInstalled();
        Path file = dir.resolve("sluice.mitm");
        FlowFiles.save(file, false, TestFlows.recorded().subList(0, 4));
        Mitmproxy.Result r = Mitmproxy.mitmdumpRead(file);
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).contains("GET http://example.com/index.html?q=a%20b&x", "<< 200 OK 6b",
                "POST https://api.example.com:8443/v1/items", "<< Connection killed.");
    }
}
