package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.Sluice;
import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export commands and their option through the registry (console.md §8, §11). */
class ExportTest {

    @TempDir
    Path dir;

    private Sluice sluice;
    private Flow flow;

    @BeforeEach
    void setUp() {
        sluice = new Sluice(true);
        sluice.addAddons(List.of(new Export()));
        flow = TestFlows.http("POST", "http://example.com/e").requestBody(new byte[]{1, 2}, null).response(200)
                .responseBody(new byte[]{0, (byte) 0xff}, null).build();
        flow.server().setPeer(new InetSocketAddress("192.0.2.7", 80));
        sluice.flows().add(flow);
    }

    private Object run(String command) throws CommandException {
        return sluice.commands().execute(command);
    }

    @Test
    void formatsAreListedAndOffered() throws Exception {
        assertThat(run("export.formats")).isEqualTo(List.of("curl", "httpie", "raw", "raw_request", "raw_response", "har"));
        assertThat(sluice.commands().get("export").params().get(0).choices()).containsExactly("curl", "httpie", "raw", "raw_request", "raw_response", "har");
        assertThatThrownBy(() -> run("export wget @all")).hasMessageStartingWith("Invalid argument format for export: 'wget' is not one of curl");
    }

    @Test
    void exportReturnsTheTextAndTheOptionAddsResolve() throws Exception {
        assertThat(run("export curl @all")).isEqualTo("printf '\\001\\002' | curl -X 'POST' 'http://example.com/e' --data-binary @-");
        run("set export_preserve_original_ip=true");
        assertThat((String) run("export curl @all")).startsWith("printf '\\001\\002' | curl --resolve 'example.com:80:[192.0.2.7]' ");
    }

    @Test
    void exportNeedsExactlyOneFlow() {
        sluice.flows().add(TestFlows.http("GET", "http://example.com/2").build());
        assertThatThrownBy(() -> run("export curl @all")).isInstanceOf(CommandException.class);
    }

    @Test
    void exportFileWritesTheExactBytes() throws Exception {
        Path out = dir.resolve("response.bin");
        run("export.file raw_response @all " + out);
        byte[] written = Files.readAllBytes(out);
        assertThat(new String(written, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(written[written.length - 2]).isEqualTo((byte) 0);
        assertThat(written[written.length - 1]).isEqualTo((byte) 0xff);
        assertThatThrownBy(() -> run("export.file curl @all " + dir)).hasMessageStartingWith("Cannot write to " + dir + ": ");
    }

    @Test
    void exportClipPutsTheTextOnTheClipboard() throws Exception {
        assumeTrue(sluice.clipboard().available().isEmpty(), "a real clipboard tool is installed here; the fallback is not reached");
        assertThatThrownBy(() -> run("export.clip curl @all")).hasMessage("No clipboard available.");
        List<String> clipped = new ArrayList<>();
        sluice.clipboard().setFallback(clipped::add);
        run("export.clip raw_request @all");
        assertThat(clipped).containsExactly((String) run("export raw_request @all"));
    }
}
