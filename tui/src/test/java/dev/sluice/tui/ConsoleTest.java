package dev.sluice.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import dev.sluice.tui.keys.KeyMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleTest {

    @Test
    void poppingTheLastWindowAsksWhetherToQuitAndNoKeepsRunning() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.keys("q");
            assertThat(f.row(23)).isEqualTo("Quit (yes, no)?");
            f.keys("n");
            assertThat(f.row(23)).isEmpty();
            assertThat(f.console.exitRequested()).isFalse();
            f.keys("esc", "y");
            assertThat(f.console.exitRequested()).isTrue();
        }
    }

    @Test
    void ctrlCAsksTheQuitQuestionAndCapitalQQuitsAtOnce() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.keys("ctrl c");
            assertThat(f.row(23)).isEqualTo("Quit (yes, no)?");
            f.keys("enter", "Q");
            assertThat(f.console.exitRequested()).isTrue();
        }
    }

    @Test
    void helpListsEveryBindingOfTheViewAndTheGlobalOnesFromTheKeyMap() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 400)) {
            f.keys("?");
            String text = f.text();
            assertThat(f.row(0)).isEqualTo(" Help");
            for (String ctx : List.of("flowlist", "global")) {
                for (KeyMap.Binding b : f.console.keys().bindings(ctx)) {
                    assertThat(text).contains(String.format("  %-11s %s", b.key(), b.help()));
                }
            }
            f.keys("?");
            assertThat(f.row(0)).isEqualTo(" Flows");
        }
    }

    @Test
    void aKeyBoundAtRunTimeRunsItsCommand() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("console.key.bind flowlist,flowview X console.view.options");
            f.keys("X");
            assertThat(f.row(0)).isEqualTo(" Options");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "f, set view_filter '|'",
            "i, set intercept '|'",
            ":, |",
            "n, view.flows.create get https://example.com/ |",
            "L, view.flows.load |"})
    void keysThatPrefillThePromptOpenItWithTheCursorInPlace(String key, String expected) throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.keys(key);
            assertThat(f.prompts).containsExactly(expected);
        }
    }

    @Test
    void aLineTypedAtThePromptChangesTheOptionAndAnErrorKeepsTheOldValue() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://a.test/", 200, "text/plain", "a"),
                    ConsoleFixture.flow("GET", "http://b.test/", 200, "text/plain", "b"));
            f.typed.add("set view_filter=~d b.test");
            f.keys(":");
            assertThat(f.row(22)).startsWith("⇩ [1/1] [f:~d b.test]");
            assertThat(f.text()).contains("b.test").doesNotContain("a.test");
            f.typed.add("set view_filter=~x");
            f.keys(":");
            assertThat(f.row(23)).startsWith("Error: ").contains("view_filter");
            assertThat(f.row(22)).startsWith("⇩ [1/1] [f:~d b.test]");
        }
    }

    @Test
    void messagesFlashForFiveSeconds() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("nonsense");
            assertThat(f.row(23)).isEqualTo("Error: Unknown command: nonsense");
            f.nanos += 5_100_000_000L;
            f.redraw();
            assertThat(f.row(23)).isEmpty();
        }
    }

    @Test
    void confirmationRunsTheCommandOnlyAfterYes() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://a.test/", 200, "text/plain", "a"));
            f.keys("z");
            assertThat(f.row(23)).isEqualTo("Delete all flows (yes, no)?");
            f.keys("n");
            assertThat(f.row(22)).startsWith("⇩ [1/1]");
            f.keys("z", "y");
            assertThat(f.row(22)).startsWith("⇩ [0/0]");
        }
    }

    @Test
    void layoutsShowTheEventLogBesideOrBelowTheFlows() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.sluice().log().info("hello from the log");
            f.keys("-");
            assertThat(f.row(0)).startsWith(" Flows").contains(" Events");
            assertThat(f.text()).contains("info: hello");
            f.keys("-");
            assertThat(f.row(0)).isEqualTo(" Flows");
            assertThat(f.text()).contains(" Events\ninfo: hello from the log");
            f.keys("shift tab", "q");
            assertThat(f.row(23)).isEqualTo("Quit (yes, no)?");
            f.keys("n", "-");
            assertThat(f.row(0)).isEqualTo(" Flows");
        }
    }

    @Test
    void eventLogKeyOpensTheLog() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.sluice().log().warn("careful\nsecond line");
            f.keys("E");
            assertThat(f.row(0)).isEqualTo(" Events");
            assertThat(f.text()).contains("warn: careful\n    second line");
            assertThat(f.row(23)).isEqualTo("Warn: careful (more in eventlog)");
        }
    }

    @Test
    void aTerminalSmallerThan40By8ShowsOnlyThatItIsTooSmall() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(39, 8)) {
            f.redraw();
            assertThat(f.text().strip()).isEqualTo("Terminal too small");
            f.terminal.setTerminalSize(new TerminalSize(80, 24));
            f.screen.doResizeIfNecessary();
            f.redraw();
            assertThat(f.row(0)).isEqualTo(" Flows");
        }
    }

    @Test
    void commandResultsOpenInTheDataViewer() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("view.order.options");
            assertThat(f.row(0)).isEqualTo(" Command result: view.order.options");
            assertThat(f.lines().subList(1, 5)).containsExactly("time", "method", "url", "size");
        }
    }

    @Test
    void orderKeyOffersTheOrdersAndVReverses() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("POST", "http://b.test/", 200, "text/plain", "bb"),
                    ConsoleFixture.flow("GET", "http://a.test/", 200, "text/plain", "a"));
            f.keys("o", "3");
            assertThat(f.row(1)).contains("http://a.test/");
            assertThat(f.row(22)).contains("[o:url]");
            f.keys("v");
            assertThat(f.row(1)).contains("http://b.test/");
            assertThat(f.row(22)).startsWith("⇧");
        }
    }

    @Test
    void markAndMarkedOnlyView() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://a.test/", 200, "text/plain", "a"),
                    ConsoleFixture.flow("GET", "http://b.test/", 200, "text/plain", "b"));
            f.keys("j", "m", "M");
            assertThat(f.row(22)).startsWith("⇩ M [1/1]");
            assertThat(f.row(1)).contains("b.test").endsWith("●");
            f.keys("M", "U");
            assertThat(f.text()).doesNotContain("●");
        }
    }

    @Test
    void withConsoleMouseOnAClickFocusesARowAndTheWheelScrolls() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            for (int i = 0; i < 5; i++) f.add(ConsoleFixture.flow("GET", "http://m.test/" + i, 200, "text/plain", "x"));
            f.run("set console_mouse true");
            MouseAction click = new MouseAction(MouseActionType.CLICK_DOWN, 1,
                    new TerminalPosition(10, 5));
            f.strokes(click);
            assertThat(f.row(22)).startsWith("⇩ [3/5]");
            f.strokes(new MouseAction(MouseActionType.SCROLL_DOWN, 5,
                    new TerminalPosition(10, 5)));
            assertThat(f.row(22)).startsWith("⇩ [4/5]");
            f.strokes(new MouseAction(MouseActionType.CLICK_DOWN, 1,
                    new TerminalPosition(10, 3)));
            f.strokes(new MouseAction(MouseActionType.CLICK_DOWN, 1,
                    new TerminalPosition(10, 3)));
            assertThat(f.row(0)).isEqualTo(" Flow Details");
            assertThat(f.text()).contains("http://m.test/1");
        }
    }

    @Test
    void theOptionsScreenEditsOnThePromptAndARefusedValueComesBackForCorrection() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 60)) {
            f.keys("O");
            int row = f.lines().indexOf(f.lines().stream().filter(l -> l.contains("content_view_lines_cutoff")).findFirst().orElseThrow());
            for (int i = 1; i < row; i++) f.keys("j");
            f.typed.add("set content_view_lines_cutoff 'many'");
            f.typed.add("set content_view_lines_cutoff '20'");
            f.keys("enter");
            assertThat(f.prompts).containsExactly("set content_view_lines_cutoff '512|'",
                    "set content_view_lines_cutoff 'many'|");
            assertThat(f.console.options().integer("content_view_lines_cutoff")).isEqualTo(20);
            assertThat(f.text()).contains("content_view_lines_cutoff     20");
            f.keys("d");
            assertThat(f.console.options().integer("content_view_lines_cutoff")).isEqualTo(512);
        }
    }

    @Test
    void theOptionsScreenTogglesBooleansAndOffersChoices() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(80, 60)) {
            f.keys("O");
            int row = f.lines().indexOf(f.lines().stream().filter(l -> l.contains("console_focus_follow")).findFirst().orElseThrow());
            for (int i = 1; i < row; i++) f.keys("j");
            f.keys("enter");
            assertThat(f.console.options().bool("console_focus_follow")).isTrue();
            f.keys("j", "enter");
            assertThat(f.text()).contains("vertical").contains("horizontal");
            f.keys("2");
            assertThat(f.console.options().str("console_layout")).isEqualTo("vertical");
        }
    }
}
