package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.log.LogEntry;
import dev.sluice.testsupport.TestFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -r} through the hooks, its failures, and {@code view.flows.load} (cli.md §4). */
class ReadFileTest {

    @TempDir
    Path dir;

    private Sluice sluice;
    private final List<String> hooks = new CopyOnWriteArrayList<>();
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        sluice = new Sluice(true);
        sluice.log().addListener(log::add);
        sluice.addAddons(List.of(new ReadFile(), new Addon() {
            @Override
            public void requestHeaders(Flow f) {
                hooks.add("requestHeaders " + f.request().path() + (f.isLive() ? " live" : ""));
            }

            @Override
            public void request(Flow f) {
                hooks.add("request");
            }

            @Override
            public void responseHeaders(Flow f) {
                hooks.add("responseHeaders");
            }

            @Override
            public void response(Flow f) {
                hooks.add("response");
            }

            @Override
            public void error(Flow f) {
                hooks.add("error");
            }

            @Override
            public void tcpStart(Flow f) {
                hooks.add("tcpStart " + f.messages().size());
            }

            @Override
            public void tcpEnd(Flow f) {
                hooks.add("tcpEnd");
            }
        }));
        sluice.options().configureAll();
    }

    private ReadFile reader() {
        return sluice.addons().find(ReadFile.class);
    }

    @Test
    void flowsPassTheHooksInFileOrderNotLive() throws Exception {
        Path file = dir.resolve("f.sluice");
        List<Flow> flows = TestFlows.recorded();
        FlowFiles.save(file, false, flows.subList(0, 4));
        sluice.options().set("rfile=" + file, "readfile_filter=!~u big");
        assertThat(reader().isReading()).isTrue();
        reader().readConfiguredFile();
        assertThat(reader().isReading()).isFalse();
        assertThat(hooks).containsExactly("requestHeaders /index.html?q=a%20b&x", "request", "responseHeaders", "response",
                "requestHeaders /v1/items", "request", "responseHeaders", "response",
                "requestHeaders /killed", "request", "error");
        assertThat(sluice.flows().snapshot()).hasSize(3);
    }

    @Test
    void aTcpFlowPassesTheTcpHooksOnly() throws Exception {
        Path file = dir.resolve("tcp.sluice");
        FlowFiles.save(file, false, TestFlows.recorded().stream().filter(f -> f.type() == Flow.Type.TCP).toList());
        sluice.options().set("rfile=" + file);
        reader().readConfiguredFile();
        assertThat(hooks).containsExactly("tcpStart 2", "tcpEnd");
    }

    @Test
    void aCorruptFileKeepsWhatWasReadAndWarnsWithThePosition() throws Exception {
        Path file = dir.resolve("f.sluice");
        FlowFiles.save(file, false, TestFlows.recorded().subList(0, 2));
        Files.writeString(file, "{broken\n", java.nio.file.StandardOpenOption.APPEND);
        sluice.options().set("rfile=" + file);
        reader().readConfiguredFile();
        assertThat(sluice.flows().snapshot()).hasSize(2);
        assertThat(log).extracting(LogEntry::message).contains("Flow file corrupted - loaded 2 flows.");
        assertThat(log).extracting(LogEntry::message).anyMatch(m -> m.startsWith(file + ": line 3: not valid JSON"));
    }

    @Test
    void aFileWithNoReadableFlowOrNoFileFailsStartUp() throws Exception {
        Path file = dir.resolve("f.sluice");
        Files.writeString(file, "{broken\n");
        sluice.options().set("rfile=" + file);
        assertThatThrownBy(() -> reader().readConfiguredFile()).hasMessageStartingWith("Flow file corrupted.\n" + file + ": line 1: not valid JSON");
        sluice.options().set("rfile=" + dir.resolve("missing"));
        assertThatThrownBy(() -> reader().readConfiguredFile()).hasMessage("Cannot load flows: " + dir.resolve("missing") + ": No such file or directory");
        Files.writeString(file, "");
        sluice.options().set("rfile=" + file);
        reader().readConfiguredFile(); // an empty file holds zero flows: not an error
    }

    @Test
    void viewFlowsLoadOnlyAddsCopiesToTheList() throws Exception {
        Path file = dir.resolve("f.mitm");
        FlowFiles.save(file, false, TestFlows.recorded());
        sluice.commands().execute("view.flows.load " + file);
        assertThat(sluice.flows().snapshot()).hasSize(6);
        assertThat(hooks).isEmpty();
        assertThatThrownBy(() -> sluice.commands().execute("view.flows.load " + dir.resolve("missing")))
                .hasMessage("Cannot load flows: " + dir.resolve("missing") + ": No such file or directory");
    }
}
