package dev.sluice.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Flow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console workflows of console.md §10 on the virtual terminal: intercept keys and their marks,
 * resume and kill, save, clear and load, duplicate, delete and comment.
 */
class ConsoleWorkflowsTest {

    @TempDir
    Path dir;

    private static Flow live(String url) {
        Flow template = ConsoleFixture.flow("GET", url);
        return new Flow(template.client(), template.server(), template.request(), true);
    }

    private static Flow intercepted(String url) {
        Flow f = live(url);
        f.intercept();
        return f;
    }

    @Test
    void iSetsTheInterceptFilterShownInTheStatusBarAndCapitalIPausesIt() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.typed.add("set intercept '~q & ~d example.test'");
            f.keys("i");
            assertThat(f.prompts).containsExactly("set intercept '|'");
            assertThat(f.row(22)).startsWith("⇩ [0/0] [i:~q & ~d example.test]");
            assertThat(f.console.options().bool("intercept_active")).isTrue();
            f.keys("I");
            assertThat(f.row(22)).startsWith("⇩ [0/0] [Xi:~q & ~d example.test]");
            f.keys("I");
            assertThat(f.row(22)).startsWith("⇩ [0/0] [i:~q & ~d example.test]");
            // i pre-fills the current filter; clearing it stops interception
            f.typed.add("set intercept ''");
            f.keys("i");
            assertThat(f.prompts).last().isEqualTo("set intercept '~q & ~d example.test|'");
            assertThat(f.row(22)).matches("⇩ \\[0/0\\] +\\[\\*:8080\\]");
            assertThat(f.console.options().bool("intercept_active")).isFalse();
        }
    }

    @Test
    void pausedFlowsAreMarkedAndAResumesTheFocusedOneAndCapitalAAll() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow one = intercepted("http://example.test/one");
            Flow two = intercepted("http://example.test/two");
            Flow three = intercepted("http://example.test/three");
            f.add(one, two, three);
            assertThat(f.row(1)).startsWith(">> GET http://example.test/one").endsWith("⏸");
            assertThat(f.row(3)).endsWith("⏸");
            f.keys("a");
            assertThat(one.isIntercepted()).isFalse();
            assertThat(f.row(1)).doesNotContain("⏸");
            assertThat(f.row(3)).endsWith("⏸");
            f.keys("A");
            assertThat(two.isIntercepted()).isFalse();
            assertThat(three.isIntercepted()).isFalse();
            assertThat(f.text()).doesNotContain("⏸");
        }
    }

    @Test
    void capitalXKillsThePausedFlowWhichThenShowsTheError() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow paused = intercepted("http://example.test/");
            f.add(paused).keys("X");
            assertThat(paused.isKilled()).isTrue();
            assertThat(f.text()).contains("← Connection killed.").doesNotContain("⏸");
        }
    }

    @Test
    void theFlowViewNamesAPausedRequest() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(intercepted("http://example.test/")).keys("enter");
            assertThat(f.row(2)).startsWith("[Request intercepted]");
        }
    }

    @Test
    void wSavesTheShownFlowsZClearsAfterConfirmationAndLLoadsThemBack() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://example.test/a", 200, "text/plain", "a"),
                    ConsoleFixture.flow("GET", "http://example.test/b", 404, "text/plain", "b"));
            Path file = dir.resolve("flows.sluice");
            f.typed.add("save.file @shown " + file);
            f.keys("w");
            assertThat(f.prompts).containsExactly("save.file @shown |");
            assertThat(Files.size(file)).isPositive();
            f.keys("z");
            assertThat(f.row(23)).isEqualTo("Delete all flows (yes, no)?");
            f.keys("n");
            assertThat(f.console.view().size()).isEqualTo(2);
            f.keys("z", "y");
            assertThat(f.console.view().size()).isZero();
            assertThat(f.row(22)).startsWith("⇩ [0/0]");
            f.typed.add("view.flows.load " + file);
            f.keys("L");
            assertThat(f.text()).contains("http://example.test/a").contains("http://example.test/b");
            assertThat(f.row(22)).startsWith("⇩ [1/2]");
        }
    }

    @Test
    void capitalZPurgesTheHiddenFlowsAfterConfirmation() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://keep.test/"), ConsoleFixture.flow("GET", "http://drop.test/"));
            f.run("set view_filter=~d keep.test").keys("Z");
            assertThat(f.row(23)).isEqualTo("Purge all hidden flows (yes, no)?");
            f.keys("y").run("set view_filter=");
            assertThat(f.console.view().size()).isEqualTo(1);
            assertThat(f.text()).contains("keep.test").doesNotContain("drop.test");
        }
    }

    @Test
    void capitalDDuplicatesAndFocusesTheCopyAndDDeletesIt() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow original = ConsoleFixture.flow("GET", "http://example.test/", 200, "text/plain", "x");
            f.add(original).keys("D");
            assertThat(f.console.view().size()).isEqualTo(2);
            assertThat(f.console.view().focused()).isNotSameAs(original);
            assertThat(f.row(22)).startsWith("⇩ [2/2]");
            f.keys("d");
            assertThat(f.console.view().size()).isEqualTo(1);
            assertThat(f.console.view().focused()).isSameAs(original);
        }
    }

    @Test
    void semicolonCommentsTheFlowAndBOpensTheBodySavePrompt() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://example.test/", 200, "text/plain", "x");
            f.add(flow);
            f.typed.add("flow.comment @focus 'looked at'");
            f.keys(";");
            assertThat(f.prompts).containsExactly("flow.comment @focus '' |");
            assertThat(flow.comment()).isEqualTo("looked at");
            f.keys("b");
            assertThat(f.prompts).last().isEqualTo("cut.save @focus response.content |");
        }
    }

    @Test
    void mMarksUUnmarksAllAndCapitalMShowsOnlyMarked() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://a.test/"), ConsoleFixture.flow("GET", "http://b.test/"));
            f.keys("m", "M");
            assertThat(f.row(22)).startsWith("⇩ M [1/1]");
            assertThat(f.row(1)).endsWith("●");
            f.keys("M", "U");
            assertThat(f.text()).doesNotContain("●");
        }
    }

    @Test
    void xChoosesAFormatAndExportsTheFlowToAFileShellQuoted() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://example.test/it's", 200, "text/plain", "x");
            f.add(flow).keys("x");
            assertThat(f.console.chooser().choices()).containsExactly("curl", "httpie", "raw", "raw_request", "raw_response", "har");
            Path file = dir.resolve("curl.sh");
            f.typed.add("export.file curl @focus " + file);
            f.keys("1");
            assertThat(f.prompts).containsExactly("export.file curl @focus |");
            assertThat(Files.readString(file)).startsWith("curl ").contains("'http://example.test/it'\\''s'");
        }
    }

    @Test
    void withoutAClipboardProgramACopyReachesTheTerminalAsOsc52() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(f.sluice.clipboard().available().isEmpty(), "a clipboard program is installed");
            java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
            f.sluice.clipboard().setFallback(Osc52.sink(terminal, java.util.Map.of("TERM", "xterm-256color")));
            f.add(ConsoleFixture.flow("GET", "http://example.test/\u001b]0;x", 200, "text/plain", "x"));
            f.run("export.clip raw_request @focus");
            String expected = Osc52.sequence("GET /\u001b]0;x HTTP/1.1\r\nUser-Agent: test\r\nHost: example.test\r\n\r\n");
            assertThat(terminal.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(expected).startsWith("\u001b]52;c;").endsWith("\u0007").doesNotContain("]0;x");
            assertThat(f.row(23)).isEqualTo("Alert: Copied raw_request export to the clipboard (terminal).");
            assertThat(Osc52.sink(terminal, java.util.Map.of("TERM", "dumb"))).isNull();
        }
    }

    @Test
    void capitalSStartsServerReplayFromTheTypedFlowsAndTheStatusBarCountsThem() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://example.test/a", 200, "text/plain", "a"),
                    ConsoleFixture.flow("GET", "http://example.test/b", 200, "text/plain", "b"));
            f.typed.add("replay.server @all");
            f.keys("S");
            assertThat(f.prompts).containsExactly("replay.server |");
            assertThat(f.row(22)).startsWith("⇩ [1/2] [splayback:2]");
            f.run("replay.server.stop");
            assertThat(f.row(22)).doesNotContain("splayback");
        }
    }

    @Test
    void capitalWSetsTheStreamFileShownInTheStatusBar() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Path file = dir.resolve("stream.flows");
            f.typed.add("set save_stream_file '" + file + "'");
            f.keys("W");
            assertThat(f.prompts).containsExactly("set save_stream_file '|'");
            assertThat(f.row(22)).contains("[W:" + file + "]");
            assertThat(file).exists();
        }
    }
}
