package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.io.FlowFiles;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestFlows;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardump} on exit and the {@code save.har} command (flowfiles.md §5.1). */
class HarDumpTest {

    @TempDir
    Path dir;

    @Test
    void theFlowsSeenSinceStartMatchingTheFilterAreWrittenOnExit() throws Exception {
        Path har = dir.resolve("out.har");
        try (Origin origin = Origin.echo()) {
            ProxyFixture proxy = new ProxyFixture();
            try {
                proxy.sluice().options().set("hardump=" + har, "save_stream_filter=~u keep");
                for (String path : new String[]{"/keep", "/drop", "/keep2"}) {
                    proxy.client().send(HttpRequest.newBuilder(URI.create(origin.url(path))).build(), HttpResponse.BodyHandlers.ofString());
                }
            } finally {
                proxy.close();
            }
        }
        assertThat(FlowFiles.readAll(har).flows()).extracting(f -> f.request().path()).containsExactly("/keep", "/keep2");
    }

    @Test
    void saveHarExportsTheChosenFlows() throws Exception {
        ProxyFixture proxy = new ProxyFixture();
        try {
            TestFlows.recorded().forEach(proxy.sluice().flows()::add);
            proxy.sluice().commands().execute("save.har @all " + dir.resolve("all.zhar"));
            proxy.sluice().commands().execute("save.har @marked " + dir.resolve("marked.har"));
            assertThat(proxy.logged("Saved 5 flows.")).isTrue();
            assertThat(FlowFiles.readAll(dir.resolve("marked.har")).flows()).hasSize(1);
            assertThat(dir.resolve("all.zhar")).exists();
        } finally {
            proxy.close();
        }
    }
}
