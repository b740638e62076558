package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Escape decoding (options-and-patterns.md §9). */
class EscapesTest {

    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(quoteCharacter = '`', value = {
            // text, expected bytes in hex
            "a,            61",
            "`\\\\`,       5c",
            "`\\'\\\"`,    2722",
            "\\a\\f\\n\\r\\t\\v, 070c0a0d090b",
            "\\b,          08",
            "\\1,          01",
            "\\0,          00",
            "\\101,        41",
            "\\1010,       4130",
            "\\777,        ff",
            "\\x41\\xfF,   41ff",
            "\\d\\.\\w,    5c645c2e5c77",
            "\\u0041,      5c7530303431",
            "`x\\`,        785c",
            "é,            c3a9",
            "`\\é`,        5cc3a9",
    })
    void decodesLiteralsToBytes(String text, String hex) {
        assertThat(HexFormat.of().formatHex(Escapes.decode(text))).isEqualTo(hex);
    }

    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(quoteCharacter = '`', value = {
            "\\bcat\\b, `\\bcat\\b`",
            "`\\\\b`,   `\\b`",
            "\\x08,     `\b`",
            "\\n\\t,    `\n\t`",
            "`\\\\.`,   `\\.`",
    })
    void regexDecodingKeepsWordBoundaries(String text, String expected) {
        assertThat(new String(Escapes.decodeRegex(text), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"\\x,0", "a\\x4,1", "ab\\xg1,2", "é\\x1z,2"})
    void incompleteHexEscapesAreRefusedWithTheirBytePosition(String text, int position) {
        assertThatThrownBy(() -> Escapes.decode(text)).hasMessage("invalid \\x escape at position " + position);
    }
}
