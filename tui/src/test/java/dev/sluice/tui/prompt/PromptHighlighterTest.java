package dev.sluice.tui.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.command.CommandLexer;
import dev.sluice.tui.ConsoleFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptHighlighterTest {

    /** The line → the tokens marked invalid, by index. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "set view_filter=~d a;              ''",
            "se;                                ''",
            "sett x;                            0",
            "set no_such_option=1;              1",
            "set view_ord;                      ''",
            "view.order.reverse maybe;          1",
            "view.order.reverse tr;             ''",
            "console.exit now;                  1",
            "flow.mark @focus true extra;       3"})
    void marksTokensThatCannotBeValid(String line, String invalid) throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            PromptHighlighter h = new PromptHighlighter(f.sluice.commands(), f.sluice.options());
            List<CommandLexer.Token> tokens = CommandLexer.tokenize(line);
            List<String> marked = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) if (h.invalid(tokens, i)) marked.add(Integer.toString(i));
            assertThat(String.join(",", marked)).isEqualTo(invalid.equals("''") ? "" : invalid);
            assertThat(h.highlight(null, line).toString()).isEqualTo(line);
        }
    }

    /** The buffer → the tail tip JLine shows greyed after the cursor (it drops the first word while one is typed). */
    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "\"flow.mark \";        flows:flow[] marker:marker",
            "flow.mark @fo;           flows:flow[] marker:marker",
            "\"flow.mark @focus \"; marker:marker",
            "flow.mark;               flow.mark flows:flow[] marker:marker",
            "\"set \";              option:str *value:str",
            "\"set view_order \";   *value:str",
            "set view_order=url;      \"\"",
            "\"console.exit \";     \"\"",
            "\"nosuch \";           \"\""})
    void tailTipListsTheParametersStillToType(String buffer, String tip) throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            PromptHighlighter h = new PromptHighlighter(f.sluice.commands(), f.sluice.options());
            assertThat(h.tailTip(buffer)).isEqualTo(tip);
        }
    }
}
