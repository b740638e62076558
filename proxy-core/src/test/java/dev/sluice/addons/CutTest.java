package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.Sluice;
import dev.sluice.command.CommandException;
import dev.sluice.export.Cuts;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cut, cut.save and cut.clip through the registry (console.md §7.4, §8). */
class CutTest {

    @TempDir
    Path dir;

    private Sluice sluice;

    @BeforeEach
    void setUp() {
        sluice = new Sluice(true);
        sluice.addAddons(List.of(new Cut()));
    }

    private Object run(String command) throws CommandException {
        return sluice.commands().execute(command);
    }

    private Flow stored(Flow f) {
        sluice.flows().add(f);
        return f;
    }

    @Test
    void cutReturnsOneRowPerFlowWithEmptyValuesForMissingParts() throws Exception {
        stored(TestFlows.http("GET", "http://example.com/a").requestHeader("X-A", "1").response(404).build());
        stored(TestFlows.http("POST", "https://example.org:8443/b").build());
        assertThat(run("cut @all request.method,response.status_code,request.header[x-a],request.url,response.reason"))
                .isEqualTo(List.of(List.of("GET", "404", "1", "http://example.com/a", "Not Found"),
                        List.of("POST", "", "", "https://example.org:8443/b", "")));
    }

    @Test
    void anUnknownSpecIsRefused() {
        stored(TestFlows.http("GET", "http://example.com/").build());
        assertThatThrownBy(() -> run("cut @all request.method,request.nope")).hasMessage("Invalid cut specification: request.nope");
        assertThatThrownBy(() -> run("cut @all request.header[]")).hasMessage("Invalid cut specification: request.header[]");
        assertThatThrownBy(() -> run("cut.save @all flow.id " + dir.resolve("x"))).hasMessage("Invalid cut specification: flow.id");
    }

    @Test
    void everySpecOfTheSpecExtractsFromRecordedFlows() {
        List<String> specs = Cuts.names().stream().filter(Cuts::isValid).toList();
        assertThat(specs).hasSize(25);
        for (Flow f : TestFlows.recorded()) for (String spec : specs) assertThat(Cuts.extractText(spec, f)).isNotNull();
        Flow get = TestFlows.recorded().get(0);
        assertThat(Cuts.extractText("client_conn.peername", get)).isEqualTo("127.0.0.1:51234");
        assertThat(Cuts.extractText("server_conn.peername", get)).isEqualTo("93.184.216.34:80");
        assertThat(Cuts.extractText("server_conn.address", get)).isEqualTo("example.com:80");
        assertThat(Cuts.extractText("request.timestamp_start", get)).isEqualTo("1795727477.7085");
        assertThat(Cuts.extractText("response.raw_content", get)).isEqualTo("\\x89PNG\\x00\\xff");
        Flow gzip = TestFlows.recorded().get(1);
        assertThat(Cuts.extractText("response.text", gzip)).isEqualTo("{\"created\": true, \"text\": \"\u00fcber\"}");
        assertThat(Cuts.extractText("server_conn.alpn", gzip)).isEqualTo("http/1.1");
    }

    @Test
    void oneCutOfOneFlowIsSavedAsRawBytesAndPlusAppendsOnANewLine() throws Exception {
        byte[] body = {(byte) 0x89, 'P', 0, (byte) 0xff};
        stored(TestFlows.http("GET", "http://example.com/").response(200).responseBody(body, "gzip").build());
        Path out = dir.resolve("body.bin");
        run("cut.save @all response.content " + out);
        assertThat(Files.readAllBytes(out)).isEqualTo(body);
        run("cut.save @all request.method +" + out);
        assertThat(Files.readAllBytes(out)).isEqualTo(new byte[]{(byte) 0x89, 'P', 0, (byte) 0xff, '\n', 'G', 'E', 'T'});
    }

    @Test
    void moreCutsAreSavedAsCsv() throws Exception {
        stored(TestFlows.http("GET", "http://example.com/a").requestHeader("X-Q", "say \"hi\", twice").build());
        stored(TestFlows.http("PUT", "http://example.com/b").requestBody("line1\nline2").build());
        Path out = dir.resolve("cuts.csv");
        run("cut.save @all request.method,request.header[X-Q],request.text " + out);
        String expected = "GET,\"say \"\"hi\"\", twice\",\r\nPUT,,\"line1\nline2\"\r\n";
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected);
        run("cut.save @all request.method,request.path +" + out);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected + "GET,/a\r\nPUT,/b\r\n");
    }

    @Test
    void cutClipCopiesTheValueOrTheCsv() throws Exception {
        assumeTrue(sluice.clipboard().available().isEmpty(), "a real clipboard tool is installed here; the fallback is not reached");
        stored(TestFlows.http("POST", "http://example.com/c").requestBody("{\"json\": \"\u00e9\"}\n").build());
        List<String> clipped = new ArrayList<>();
        sluice.clipboard().setFallback(clipped::add);
        run("cut.clip @all request.content");
        run("cut.clip @all request.method,request.path");
        assertThat(clipped).containsExactly("{\"json\": \"\u00e9\"}\n", "POST,/c\r\n");
    }
}
