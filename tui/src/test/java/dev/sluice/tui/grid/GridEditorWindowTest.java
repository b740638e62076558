package dev.sluice.tui.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.option.OptionSpec;
import dev.sluice.tui.ConsoleFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The grid editor on the options screen (console.md §9): a list option edited verbatim, applied as one transaction. */
class GridEditorWindowTest {

    @TempDir
    Path dir;

    /** Opens the options screen on a list option and presses enter on it. */
    private static GridEditorWindow openList(ConsoleFixture f, String option) throws Exception {
        f.keys("O");
        List<OptionSpec> specs = f.console.options().sortedSpecs();
        for (int i = 0; i < specs.size() && !specs.get(i).name().equals(option); i++) f.keys("down");
        f.keys("enter");
        assertThat(f.console.focusedWindow()).isInstanceOf(GridEditorWindow.class);
        return (GridEditorWindow) f.console.focusedWindow();
    }

    @Test
    void aListOptionOpensAsOneColumnShowingItemsVerbatim() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("set modify_headers '|~q|X-Test|a\\\\.b' '|~s|X-Other|2'");
            assertThat(f.console.options().list("modify_headers")).containsExactly("|~q|X-Test|a\\.b", "|~s|X-Other|2");
            openList(f, "modify_headers");
            assertThat(f.row(0)).isEqualTo(" Option modify_headers");
            assertThat(f.row(1)).isEqualTo("   modify_headers");
            assertThat(f.row(2)).isEqualTo(">> |~q|X-Test|a\\.b");
            assertThat(f.row(3)).isEqualTo("   |~s|X-Other|2");
        }
    }

    @Test
    void addedEditedAndDeletedRowsApplyAsOneTransactionWhenLeaving() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("set modify_headers '|~q|X-Old|1'");
            openList(f, "modify_headers");
            f.keys("a").type("|~q|X-New|a\\.b").keys("esc");
            f.keys("a").keys("esc"); // a blank row is dropped
            f.keys("g", "d");
            assertThat(f.text()).contains("|~q|X-New|a\\.b").doesNotContain("X-Old");
            assertThat(f.console.options().list("modify_headers")).containsExactly("|~q|X-Old|1");
            f.keys("q");
            assertThat(f.row(0)).isEqualTo(" Options");
            assertThat(f.console.options().list("modify_headers")).containsExactly("|~q|X-New|a\\.b");
        }
    }

    @Test
    void aRefusedItemKeepsTheGridOpenWithItsRowHighlightedAndChangesNothing() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("set modify_headers '|~q|X-Good|1'");
            GridEditorWindow grid = openList(f, "modify_headers");
            f.keys("a").type("|~q|Bad Name|2").keys("esc", "a").type("|~q|X-Fine|3").keys("esc", "q");
            assertThat(f.row(0)).isEqualTo(" Option modify_headers");
            assertThat(grid.faultRow()).isEqualTo(1);
            assertThat(grid.focusRow()).isEqualTo(1);
            assertThat(f.row(23)).startsWith("Error: Cannot parse modify_headers option |~q|Bad Name|2");
            assertThat(f.console.options().list("modify_headers")).containsExactly("|~q|X-Good|1");
            // corrected in place, it applies
            f.keys("enter", "ctrl u").type("|~q|Good-Name|2").keys("esc", "q");
            assertThat(f.row(0)).isEqualTo(" Options");
            assertThat(f.console.options().list("modify_headers")).containsExactly("|~q|X-Good|1", "|~q|Good-Name|2", "|~q|X-Fine|3");
        }
    }

    @Test
    void anItemWithControlCharactersIsShownSanitisedAndNotEditableInPlace() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.options().update(java.util.Map.of("server_replay_ignore_params", List.of("a\u001bb")));
            openList(f, "server_replay_ignore_params");
            assertThat(f.row(2)).isEqualTo(">> a\\x1bb");
            f.keys("enter");
            assertThat(((GridEditorWindow) f.console.focusedWindow()).isEditing()).isFalse();
            assertThat(f.row(23)).contains("control characters");
            f.keys("q");
            assertThat(f.console.options().list("server_replay_ignore_params")).containsExactly("a\u001bb");
        }
    }

    @Test
    void tabWhileEditingMovesToTheNextCellAndEscKeepsWhatWasTyped() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            openList(f, "server_replay_use_headers");
            f.keys("a").type("Accept").keys("tab");
            // one column: tab stays in the last cell of the last row and keeps editing it
            GridEditorWindow grid = (GridEditorWindow) f.console.focusedWindow();
            assertThat(grid.isEditing()).isTrue();
            f.type("-Language").keys("esc");
            assertThat(grid.values()).containsExactly(List.of("Accept-Language"));
        }
    }

    @Test
    void wSavesTheRowsAsCsvAndRLoadsAFileIntoTheCell() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.run("set server_replay_ignore_params a 'b,c' 'say \"hi\"'");
            openList(f, "server_replay_ignore_params");
            Path csv = dir.resolve("grid.csv");
            f.typed.add("console.grideditor.save " + csv);
            f.keys("w");
            assertThat(f.prompts).containsExactly("console.grideditor.save |");
            assertThat(Files.readString(csv)).isEqualTo("a\r\n\"b,c\"\r\n\"say \"\"hi\"\"\"\r\n");

            Path in = dir.resolve("cell.txt");
            Files.writeString(in, "from-file");
            f.typed.add("console.grideditor.load " + in);
            f.keys("r");
            Path escaped = dir.resolve("escaped.txt");
            Files.writeString(escaped, "x\\x41y\n");
            f.typed.add("console.grideditor.load_escaped " + escaped);
            f.keys("j", "R");
            GridEditorWindow grid = (GridEditorWindow) f.console.focusedWindow();
            // verbatim cells: escapes are not decoded, only the file's last newline is dropped
            assertThat(grid.values()).containsExactly(List.of("from-file"), List.of("x\\x41y"), List.of("say \"hi\""));
        }
    }

    static Stream<Arguments> bytes() {
        return Stream.of(Arguments.of("plain", "plain"), Arguments.of("back\\slash", "back\\\\slash"),
                Arguments.of("tab\tcr\rlf\n", "tab\\tcr\\rlf\\n"), Arguments.of("\u001b]0;x\u0007", "\\x1b]0;x\\x07"),
                Arguments.of("caf\u00e9", "caf\\xe9"));
    }

    @ParameterizedTest
    @MethodSource("bytes")
    void flowBytesAreShownWithBackslashesDoubledAndUnprintableBytesEscapedAndReadBack(String value, String shown) {
        assertThat(CellCodec.BYTES.show(value)).isEqualTo(shown);
        assertThat(CellCodec.BYTES.read(shown)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "caf\u00e9|caf\u00e9",
            "a\u202eb|a\\xe2\\x80\\xaeb",
            "x\\y|x\\\\y"})
    void flowTextKeepsPrintableCharactersAndEscapesTheRestAsUtf8Bytes(String value, String shown) {
        assertThat(CellCodec.TEXT.show(value)).isEqualTo(shown);
        assertThat(CellCodec.TEXT.read(shown)).isEqualTo(value);
    }

    @Test
    void aBadEscapeKeepsTheCellOpenWithTheError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CellCodec.BYTES.read("a\\xZZ"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid \\x escape at position");
    }
}
