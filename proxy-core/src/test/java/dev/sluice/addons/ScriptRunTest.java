package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.AddonJars;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.view.FlowStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code script.run flows path} (console.md §8): an addon JAR's hooks on recorded flows, nothing sent. */
class ScriptRunTest {

    // the Greeter numbers the responses it saw: the count shows the JAR is loaded once
    @TempDir
    Path dir;

    @Test
    void runsTheJarsHooksOnTheFlowsWithoutSendingAndShowsTheChange() throws Exception {
        Path jar = AddonJars.build(dir, "Greeter", ScriptsTest.GREETER);
        try (Origin origin = Origin.echo(); ProxyFixture proxy = new ProxyFixture()) {
            proxy.send(RawRequest.get(origin.url("/recorded")));
            origin.take();
            List<Flow> updated = new CopyOnWriteArrayList<>();
            proxy.sluice().flows().addListener(new FlowStore.Listener() {
                @Override
                public void updated(Flow flow) {
                    updated.add(flow);
                }
            });
            Flow flow = proxy.sluice().flows().snapshot().get(0);

            proxy.sluice().commands().execute("script.run @all " + jar);
            assertThat(flow.request().headers().get("X-Greeted-Request")).isEqualTo("yes");
            assertThat(flow.response().headers().get("X-Greeted")).isEqualTo("1");
            assertThat(updated).containsExactly(flow);

            proxy.sluice().commands().execute("script.run @all " + jar);
            assertThat(flow.response().headers().get("X-Greeted")).isEqualTo("2");
            assertThat(origin.poll()).isNull();
            assertThat(proxy.sluice().flows().size()).isEqualTo(1);
        }
    }

    @Test
    void aPathThatIsNotAnAddonJarIsACommandError() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture()) {
            Path missing = dir.resolve("missing.jar");
            assertThatThrownBy(() -> proxy.sluice().commands().execute("script.run @all " + missing))
                    .isInstanceOf(CommandException.class)
                    .hasMessage("Cannot parse scripts option " + missing + ": file does not exist");
        }
    }
}
