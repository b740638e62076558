package dev.sluice.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTextTest {

    private static String joined(List<TerminalText.Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (TerminalText.Segment s : segments) sb.append(s.escape() ? "{" + s.text() + "}" : s.text());
        return sb.toString();
    }

    /** Input (\\uXXXX written as Java escapes by the table), cells → what is drawn; escapes in braces. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "plain text;              20; plain text",
            "plain text;              6;  plain…",
            "a\u001bb;                10; a{\\x1b}b",
            "a\u001bbcdef;            4;  a…",
            "a\u001bbcdef;            6;  a{\\x1b}…",
            "tab\there;               20; tab{\\t}here",
            "x\u202ey;                10; x{\\u202e}y",
            "a\u0000\u007f\u0085;     20; a{\\x00}{\\x7f}{\\u0085}",
            "日本語テキスト;           7;  日本語…",
            "e\u0301e\u0301e\u0301;   2;  e\u0301…",
            "\ud800lone;              20; {\\ud800}lone"})
    void fitsSanitisedTextWithoutCuttingEscapesOrCharacters(String raw, int cells, String drawn) {
        List<TerminalText.Segment> fitted = TerminalText.fit(raw, cells, "…");
        assertThat(joined(fitted)).isEqualTo(drawn);
        int width = 0;
        for (TerminalText.Segment s : fitted) width += TerminalText.width(s.text());
        assertThat(width).isLessThanOrEqualTo(cells);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "abcdefghij;       4; abcd|efgh|ij",
            "ab\u001bcd;       4; ab|{\\x1b}|cd",
            "日本語;           3; 日|本|語",
            ";                 4; ''"})
    void wrapsAtCellBoundaries(String raw, int cells, String rows) {
        List<List<TerminalText.Segment>> wrapped = TerminalText.wrap(raw == null ? "" : raw, cells);
        assertThat(String.join("|", wrapped.stream().map(TerminalTextTest::joined).toList())).isEqualTo(rows.equals("''") ? "" : rows);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "a\tb;      a       b",
            "1234567\tx; 1234567 x",
            "none;      none"})
    void expandsTabsToEightColumnStops(String line, String expanded) {
        assertThat(TerminalText.expandTabs(line)).isEqualTo(expanded);
    }
}
