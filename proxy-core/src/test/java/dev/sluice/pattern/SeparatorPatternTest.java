package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.filter.FlowFilter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The separator-pattern mini-language (options-and-patterns.md §8). */
class SeparatorPatternTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', value = {
            // item ¦ filter (empty = match-all) ¦ subject ¦ replacement
            "/foo/bar/voing                        ¦ ~u foo         ¦ bar            ¦ voing",
            "/foo/bar/vo/ing/                      ¦ ~u foo         ¦ bar            ¦ vo/ing/",
            "/bar/voing                            ¦                ¦ bar            ¦ voing",
            "one/two/three                         ¦                ¦ ne/tw          ¦ /three",
            "|~m GET|//example.org/|//example.net/ ¦ ~m GET         ¦ //example.org/ ¦ //example.net/",
            "//foo/bar                             ¦                ¦ foo            ¦ bar",
            "`: x : y : z `                        ¦ ~u x           ¦ ` y `          ¦ ` z `",
    })
    void splitsItemsIntoFilterSubjectAndReplacement(String item, String filter, String subject, String replacement) {
        SeparatorPattern pattern = SeparatorPattern.parse(item);
        assertThat(pattern.filter()).isEqualTo(filter == null ? new FlowFilter.All() : FlowFilter.parse(filter));
        assertThat(pattern.subject()).isEqualTo(subject);
        assertThat(pattern.replacement()).isEqualTo(replacement);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/x", ""})
    void fewerThanTwoPiecesAreRefused(String item) {
        assertThatThrownBy(() -> SeparatorPattern.parse(item))
                .hasMessage("Invalid number of parameters (2 or 3 are expected)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', value = {
            "/~d ~d ~d/a/b ¦ Invalid filter expression: '~d ~d ~d' (at 1: ~d needs an argument)",
            "/ /a/b        ¦ Invalid filter expression: ' ' (Empty filter expression)",
    })
    void badFiltersAreRefusedNamingTheFilter(String item, String message) {
        assertThatThrownBy(() -> SeparatorPattern.parse(item)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', value = {"/a/b/c ¦ 2 ¦ a|b/c", "😀a😀b😀c ¦ 3 ¦ a|b|c", "/a ¦ 2 ¦ a"})
    void splitsOnTheFirstCharacterAtMostNTimes(String item, int max, String pieces) {
        assertThat(SeparatorPattern.split(item, max)).isEqualTo(List.of(pieces.split("\\|")));
    }
}
