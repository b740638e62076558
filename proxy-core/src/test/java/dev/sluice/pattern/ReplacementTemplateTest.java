package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** map_remote replacement templates (options-and-patterns.md §11.2). */
class ReplacementTemplateTest {

    private static String expand(String regex, String template, String input) {
        UserRegex compiled = Regexes.compile(regex, 0);
        ReplacementTemplate t = ReplacementTemplate.parse(template, compiled);
        Matcher m = compiled.pattern().matcher(input);
        assertThat(m.find()).isTrue();
        StringBuilder out = new StringBuilder();
        t.appendTo(out, m);
        return out.toString();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', value = {
            // regex ¦ template ¦ input ¦ expected
            "(a)(b)                 ¦ [\\2\\1]          ¦ ab   ¦ [ba]",
            "(a)(b)                 ¦ \\g<2>\\g<1>\\g<0> ¦ ab   ¦ baab",
            "(?P<h>[a-z]+)          ¦ <\\g<h>>          ¦ api  ¦ <api>",
            "(?P<page_name>[a-z]+)  ¦ <\\g<page_name>>  ¦ api  ¦ <api>",
            "(a)                    ¦ \\1x              ¦ a    ¦ ax",
            "(a)(b)?                ¦ [\\2]             ¦ a    ¦ []",
            "x                      ¦ `\\\\`            ¦ x    ¦ `\\`",
            "x                      ¦ \\n\\t\\r\\f\\v\\a\\b ¦ x ¦ `\n\t\r\f\u000b\u0007\b`",
            "x                      ¦ \\d\\.\\u0041     ¦ x    ¦ \\d\\.\\u0041",
            "x                      ¦ /new$1            ¦ x    ¦ /new$1",
            "x                      ¦ \\g               ¦ x    ¦ \\g",
            "x                      ¦ `tail\\`          ¦ x    ¦ `tail\\`",
    })
    void expandsGroupsAndEscapes(String regex, String template, String input, String expected) {
        assertThat(expand(regex, template, input)).isEqualTo(expected);
    }

    @Test
    void octalEscapesInsertTheirCharacter() {
        assertThat(expand("x", "\\0\\101\\012", "x")).isEqualTo("\0A\n");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '¦', value = {
            "(a+)     ¦ \\2       ¦ invalid group reference 2",
            "a        ¦ \\1       ¦ invalid group reference 1",
            "(a)      ¦ \\g<2>    ¦ invalid group reference 2",
            "(?P<h>a) ¦ \\g<x>    ¦ invalid group reference x",
            "(a)      ¦ \\10      ¦ invalid group reference 10",
            "(a)      ¦ \\777     ¦ octal escape value \\777 outside of range 0-0o377",
    })
    void badReferencesAreRefusedWhenParsed(String regex, String template, String message) {
        UserRegex compiled = Regexes.compile(regex, 0);
        assertThatThrownBy(() -> ReplacementTemplate.parse(template, compiled)).hasMessage(message);
    }
}
