package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Mitmproxy;
import dev.sluice.testsupport.TestFlows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAR import (flowfiles.md §5.2). */
class HarReaderTest {

    @TempDir
    Path dir;

    @Test
    void exportThenImportKeepsDecodedBodiesAndReEncodesThem() throws IOException {
        List<Flow> flows = TestFlows.recorded();
        Path file = dir.resolve("flows.har");
        FlowFiles.save(file, false, flows);
        FlowFiles.Loaded loaded = FlowFiles.readAll(file);
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.flows()).hasSize(5);
        Flow gzip = loaded.flows().get(1);
        assertThat(gzip.response().text()).isEqualTo(flows.get(1).response().text());
        assertThat(gzip.response().rawContent()).as("gzip again").startsWith(0x1f, 0x8b);
        assertThat(gzip.request().url()).isEqualTo("https://api.example.com:8443/v1/items");
        assertThat(gzip.id()).as("a fresh id").isNotEqualTo(flows.get(1).id());
        Flow get = loaded.flows().get(0);
        assertThat(get.response().rawContent()).isEqualTo(flows.get(0).response().rawContent());
        assertThat(get.request().headers().fields().subList(0, 2)).as("UTF-8 headers; HAR has no place for other bytes")
                .isEqualTo(flows.get(0).request().headers().fields().subList(0, 2));
        assertThat(get.comment()).isEqualTo("a comment");
        assertThat(get.server().peer().getAddress().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(get.request().timestampStart()).isEqualTo(1795727477.709, org.assertj.core.data.Offset.offset(0.001));
        assertThat(loaded.flows().get(3).error().msg()).isEqualTo("Connection killed.");
        assertThat(loaded.flows().get(3).response()).isNull();
    }

    @Test
    void aBinaryRequestBodyComesBackByteIdentical() throws IOException {
        byte[] body = {0, 1, (byte) 0xfe, (byte) 0xff, 'x'};
        Flow f = TestFlows.http("PUT", "http://example.com/blob").requestHeader("Content-Type", "application/octet-stream")
                .requestBody(body, null).response(204).build();
        Path file = dir.resolve("bin.har");
        FlowFiles.save(file, false, List.of(f));
        assertThat(Files.readString(file)).contains("\"_encoding\":\"base64\"");
        assertThat(FlowFiles.readAll(file).flows().get(0).request().rawContent()).isEqualTo(body);
    }

    @Test
    void aBrowserHarWithPagesInitiatorsAndUnknownFieldsImports() throws IOException {
        FlowFiles.Loaded loaded = FlowFiles.readAll(Mitmproxy.fixture("browser.har"));
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.warnings()).containsExactly("Skipping HAR entry 3: not an absolute URL");
        assertThat(loaded.flows()).extracting(f -> f.request().method() + " " + f.request().url())
                .containsExactly("GET https://example.com/", "POST https://example.com/api?v=2");
        Flow page = loaded.flows().get(0);
        assertThat(page.request().httpVersion()).isEqualTo("HTTP/2.0");
        assertThat(page.response().text()).isEqualTo("<html>hi</html>");
        assertThat(page.response().rawContent()).as("re-encoded with its Content-Encoding").startsWith(0x1f, 0x8b);
        assertThat(loaded.flows().get(1).request().text()).isEqualTo("{\"q\":1}");
    }

    @Test
    void aDocumentWithoutEntriesIsRefused() throws IOException {
        Path file = dir.resolve("bad.har");
        Files.writeString(file, "{\"log\": {\"version\": \"1.2\"}}");
        assertThat(FlowFiles.readAll(file).failure().summary()).isEqualTo("Unable to read HAR file: log.entries is missing");
        Files.writeString(file, "{\"log\": {\"entries\": [");
        assertThat(FlowFiles.readAll(file).failure().summary()).startsWith("Unable to read HAR file: ");
    }
}
