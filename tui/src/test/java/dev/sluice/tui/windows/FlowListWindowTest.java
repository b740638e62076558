package dev.sluice.tui.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.tui.ConsoleFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowListWindowTest {

    @Test
    void listLayoutAt80ColumnsShowsTwoRowsPerFlowWithFocusAndStatus() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 24)) {
            f.add(ConsoleFixture.flow("GET", "http://example.com/", 200, "text/html; charset=utf-8", "x".repeat(1536)),
                    ConsoleFixture.flow("POST", "http://example.com/login", 302, null, ""));
            List<String> lines = f.lines();
            assertThat(lines.get(0)).isEqualTo(" Flows");
            assertThat(lines.get(1)).isEqualTo(">> GET http://example.com/");
            assertThat(lines.get(2)).isEqualTo("   ← 200 text/html 1.5k 123ms");
            assertThat(lines.get(3)).isEqualTo("   POST http://example.com/login");
            assertThat(lines.get(4)).isEqualTo("   ← 302 [no content] 123ms");
            assertThat(lines.get(22)).startsWith("⇩ [1/2]").endsWith("[*:8080]");
        }
    }

    @Test
    void tableLayoutAbove100ColumnsShowsColumns() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(120, 24)) {
            f.add(ConsoleFixture.flow("GET", "http://example.com/a", 404, "text/plain", "nope"));
            String row = f.row(1);
            assertThat(row).startsWith(">> ").contains("GET", "http://example.com/a", "404", "text/plain", "4b", "123ms");
        }
    }

    @Test
    void navigationKeysMoveTheFocusAndKeepItVisible() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 24)) {
            for (int i = 0; i < 30; i++) f.add(ConsoleFixture.flow("GET", "http://example.com/" + i, 200, "text/plain", "ok"));
            f.strokes(new KeyStroke('j', false, false), new KeyStroke(KeyType.ArrowDown));
            assertThat(f.row(22)).startsWith("⇩ [3/30]");
            f.keys("G");
            assertThat(f.row(22)).startsWith("⇩ [30/30]");
            assertThat(f.text()).contains(">> GET http://example.com/29");
            f.keys("k", "page up");
            assertThat(f.row(22)).startsWith("⇩ [19/30]");
            f.keys("g");
            assertThat(f.row(1)).isEqualTo(">> GET http://example.com/0");
        }
    }

    @Test
    void waitingErrorAndMarkedFlowsShowTheirState() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 24)) {
            Flow waiting = ConsoleFixture.flow("GET", "http://example.com/slow");
            Flow failed = ConsoleFixture.flow("GET", "http://down.test/");
            failed.setError(FlowError.now("Server connection to down.test failed."));
            Flow marked = ConsoleFixture.flow("GET", "http://example.com/m", 200, "text/plain", "x");
            marked.setMarked(":default:");
            f.add(waiting, failed, marked);
            assertThat(f.row(2)).isEqualTo("   ← …");
            assertThat(f.row(4)).isEqualTo("   ← Server connection to down.test failed.");
            assertThat(f.row(5)).endsWith("●");
        }
    }

    @Test
    void controlCharactersAndBidiOverridesFromAFlowAreDrawnAsEscapes() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 24)) {
            Flow evil = ConsoleFixture.flow("GET", "http://example.com/", 200, "text/plain", "x");
            evil.request().setPath("/a\u001b]0;pwned\u0007b\u202ec\u0000");
            f.add(evil);
            assertThat(f.row(1)).isEqualTo(">> GET http://example.com/a\\x1b]0;pwned\\x07b\\u202ec\\x00");
        }
    }

    @Test
    void aVeryLongUrlIsCutWithAnEllipsisWithinTheRow() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 24)) {
            f.add(ConsoleFixture.flow("GET", "http://example.com/" + "a".repeat(10_000), 200, "text/plain", "x"));
            assertThat(f.row(1)).hasSize(80).endsWith("a…");
            assertThat(f.row(2)).startsWith("   ← 200");
        }
    }
}
