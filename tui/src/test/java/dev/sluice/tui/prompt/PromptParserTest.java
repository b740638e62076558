package dev.sluice.tui.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptParserTest {

    private final PromptParser parser = new PromptParser();

    /** The line with | at the cursor → the words, the index of the word under the cursor and its typed part. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "set view_|;                     set,view_;                  1; view_",
            "set |;                          set,;                       1; ''",
            "|set;                           set;                        0; ''",
            "se|t;                           set;                        0; se",
            "set map_local '|a b' 'c';       set,map_local,a b,c;        2; ''",
            "set map_local 'a b|';           set,map_local,a b;          2; a b",
            "set view_filter=~d ex|;         set,view_filter=~d ex;      1; view_filter=~d ex",
            "flow.mark   @focus |;           flow.mark,@focus,;          2; ''",
            "flow.comment @focus 'it\\'s|';   flow.comment,@focus,it's;   2; it's"})
    void splitsLikeTheCommandLexer(String lineWithCursor, String words, int index, String typed) {
        int cursor = lineWithCursor.indexOf('|');
        PromptParser.Line l = parser.parse(lineWithCursor.replace("|", ""), cursor);
        assertThat(String.join(",", l.words())).isEqualTo(words);
        assertThat(l.wordIndex()).isEqualTo(index);
        assertThat(l.word().substring(0, l.wordCursor())).isEqualTo(typed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "plain;          plain",
            "two words;      'two words'",
            "it's;           'it\\'s'",
            "back\\slash;    'back\\\\slash'",
            "\"\";           ''"})
    void escapesCandidatesSoTheLexerGivesThemBack(String value, String escaped) {
        assertThat(parser.parse("x", 1).escape(value, true).toString()).isEqualTo(escaped);
        assertThat(dev.sluice.command.CommandLexer.split("cmd " + escaped)).containsExactly("cmd", value);
    }
}
