package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.TestFlows;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code save_stream_file} and {@code save.file} (flowfiles.md §2). */
class SaveFlowsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    private void get(String path) throws Exception {
        rig.proxy().client().send(HttpRequest.newBuilder(URI.create(rig.origin().url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The flows in the file once it holds n of them (the writer thread is asynchronous), waiting up to 10 s. */
    private static List<Flow> awaitFlows(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (Files.exists(file)) {
                FlowFiles.Loaded loaded = FlowFiles.readAll(file);
                if (loaded.failure() == null && loaded.flows().size() >= n) return loaded.flows();
            }
            if (System.nanoTime() > deadline) throw new AssertionError("the file did not get " + n + " flows");
            Thread.sleep(10);
        }
    }

    @Test
    void eachFinishedFlowIsInTheFileWhileTheProxyRuns() throws Exception {
        Path file = dir.resolve("flows.sluice");
        rig.proxy().sluice().options().set("save_stream_file=" + file);
        get("/one");
        assertThat(awaitFlows(file, 1)).extracting(f -> f.request().path()).containsExactly("/one");
        get("/two");
        assertThat(awaitFlows(file, 2)).extracting(f -> f.request().path()).containsExactly("/one", "/two");
    }

    @Test
    void theFilterSelectsAndAPlusAppends() throws Exception {
        Path file = dir.resolve("flows.mitm");
        FlowFiles.save(file, false, TestFlows.recorded().subList(0, 1));
        rig.proxy().sluice().options().set("save_stream_filter=~u keep", "save_stream_file=+" + file);
        get("/drop");
        get("/keep");
        assertThat(awaitFlows(file, 2)).extracting(f -> f.request().path()).containsExactly("/index.html?q=a%20b&x", "/keep");
    }

    @Test
    void strftimeFieldsNameTheFileAndMissingDirectoriesAreCreated() throws Exception {
        rig.proxy().sluice().options().set("save_stream_file=" + dir + "/%Y/%m/flows-%d.sluice");
        get("/dated");
        LocalDate today = LocalDate.now(ZoneId.systemDefault());
        Path expected = dir.resolve(String.format("%04d/%02d/flows-%02d.sluice", today.getYear(), today.getMonthValue(), today.getDayOfMonth()));
        assertThat(awaitFlows(expected, 1)).hasSize(1);
    }

    @Test
    void refusedFilesAreOptionsErrors() throws Exception {
        assertThatThrownBy(() -> rig.proxy().sluice().options().set("save_stream_file=" + dir.resolve("out.zhar")))
                .hasMessage("Invalid value for save_stream_file: cannot stream to a .zhar file; use .har");
        assertThatThrownBy(() -> rig.proxy().sluice().options().set("save_stream_file=" + dir))
                .hasMessageStartingWith("Invalid value for save_stream_file: cannot open " + dir + ": ");
        assertThat(rig.proxy().sluice().options().str("save_stream_file")).isNull();
    }

    @Test
    void flowsThatNeverFinishedAreWrittenAtShutdown() throws Exception {
        Path file = dir.resolve("flows.sluice");
        rig.proxy().sluice().options().set("save_stream_file=" + file);
        Flow pending = new Flow(TestFlows.recorded().get(0).client(), null, TestFlows.http("GET", "http://example.com/pending").build().request(), true);
        rig.proxy().sluice().flows().add(pending);
        rig.proxy().close();
        assertThat(FlowFiles.readAll(file).flows()).extracting(f -> f.request().path()).containsExactly("/pending");
    }

    @Test
    void saveFileWritesTheChosenFlowsAtOnce() throws Exception {
        for (Flow f : TestFlows.recorded()) rig.proxy().sluice().flows().add(f);
        Path file = dir.resolve("saved.mitm");
        rig.proxy().sluice().commands().execute("save.file @all " + file);
        assertThat(rig.proxy().logged("Saved 6 flows.")).isTrue();
        rig.proxy().sluice().commands().execute("save.file \"~u killed\" +" + file);
        assertThat(FlowFiles.readAll(file).flows()).hasSize(7);
        rig.proxy().sluice().commands().execute("save.file @all " + dir.resolve("saved.har"));
        assertThat(FlowFiles.readAll(dir.resolve("saved.har")).flows()).hasSize(5);
        assertThatThrownBy(() -> rig.proxy().sluice().commands().execute("save.file @all " + dir))
                .hasMessage("Cannot write to " + dir + ": Is a directory");
    }
}
