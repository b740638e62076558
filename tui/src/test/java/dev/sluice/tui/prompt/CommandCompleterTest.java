package dev.sluice.tui.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.tui.ConsoleFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Completion as JLine asks for it, without a terminal: parse the line at the cursor, collect candidates. */
class CommandCompleterTest {

    private ConsoleFixture console;
    private CommandCompleter completer;
    private final PromptParser parser = new PromptParser();

    @BeforeEach
    void setUp() throws Exception {
        console = new ConsoleFixture();
        completer = new CommandCompleter(console.sluice.commands(), console.sluice.options());
    }

    @AfterEach
    void tearDown() throws Exception {
        console.close();
    }

    private List<String> complete(String lineWithCursor) {
        int cursor = lineWithCursor.indexOf('|');
        String line = lineWithCursor.replace("|", "");
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parser.parse(line, cursor), candidates);
        List<String> values = new ArrayList<>();
        for (Candidate c : candidates) {
            String word = parser.parse(line, cursor).word().substring(0, parser.parse(line, cursor).wordCursor());
            if (c.value().startsWith(word)) values.add(c.value());
        }
        return values;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "console.view.o|;                 console.view.options",
            "set view_ord|;                   view_order view_order_reversed",
            "set view_order |;                time method url size",
            "set view_order=s|;               view_order=size",
            "set console_layout v|;           vertical",
            "set no_such_option |;            ",
            "set console_mouse |;             true false toggle",
            "set confdir |;                   /confdir-under-test",
            "flow.mark @f|;                   @focus",
            "flow.mark @focus t|;             true",
            "view.flows.remove ~|;            ~a ~all ~b ~bq ~bs ~c ~comment ~d ~dns ~dst ~e ~h ~hq ~hs ~http ~m ~marked ~marker ~meta ~q ~replay ~replayq ~replays ~s ~src ~t ~tcp ~tq ~ts ~u ~udp ~websocket",
            "console.flowview.mode.set j|;    json javascript",
            "cut @all request.h|;             request.header[ request.host request.http_version",
            "console.command.set view_f|;     view_filter",
            "options.reset.one console_pal|;  console_palette console_palette_transparent",
            "view.order.reverse |;            true false",
            "console.key.bind flowlist x console.vi|; console.view.commands console.view.eventlog console.view.flow console.view.help console.view.keybindings console.view.options console.view.pop",
            "nosuchcommand |;                 "})
    void completesByPosition(String line, String expected) throws Exception {
        console.sluice.options().set("confdir=/confdir-under-test");
        List<String> want = expected == null ? List.of() : List.of(expected.trim().split("\\s+"));
        assertThat(complete(line)).containsExactlyElementsOf(want);
    }

    @Test
    void completesPathsFromTheDirectoryTyped(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("flows.mitm"));
        Files.createDirectory(dir.resolve("sub"));
        assertThat(complete("console.keymap.load " + dir + "/|"))
                .containsExactly(dir + "/flows.mitm", dir + "/sub/");
    }

    @Test
    void directoriesAndNameEqualsCandidatesDoNotEndTheWord() {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parser.parse("set view_order=t", 16), candidates);
        assertThat(candidates).singleElement().satisfies(c -> assertThat(c.complete()).isTrue());
        candidates.clear();
        completer.complete(null, parser.parse("set view_order", 14), candidates);
        assertThat(candidates).extracting(Candidate::value).contains("view_order");
    }

    @Test
    void theCurrentValueOfAListOptionIsOffered() throws Exception {
        console.sluice.options().set("mode=regular", "mode=regular@8081");
        assertThat(complete("set mode |")).containsExactly("regular", "regular@8081");
    }
}
