package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The literal-prefix shortcut finds exactly what a plain regex search finds. */
class LiteralPrefixTest {

    private static final int CI = Pattern.CASE_INSENSITIVE;

    @ParameterizedTest(name = "{0} => [{1}]")
    @CsvSource(delimiterString = "=>", nullValues = "none", value = {
            "x-api-key: .*    => 'x-api-key: '",
            "abc*             => ab",
            "ab{2}            => a",
            "a?               => none",
            "^set-cookie:     => set-cookie:",
            "\\.png$          => .png",
            "\\d+             => none",
            "a|b              => none",
            "ab(c|d)          => ab",
            "(a|b)c           => none",
            "x[|]y            => x",
            "x\\Q|\\E         => x",
            "\\(?-i)Abc       => none",
            "\\(ab?         => (a",
            "(?-i)Abc         => none",
            "a b#c            => a b#c"})
    void prefixIsTheLiteralEveryMatchStartsWith(String pattern, String prefix) {
        LiteralPrefix p = LiteralPrefix.of(pattern.strip(), CI);
        assertThat(p == null ? null : p.toString()).isEqualTo(prefix);
    }

    @Test
    void flagsThatChangeWhatCharactersMeanDisableIt() {
        assertThat(LiteralPrefix.of("a b", Pattern.COMMENTS)).isNull();
        assertThat(LiteralPrefix.of("a.b", Pattern.LITERAL)).isNull();
        assertThat(LiteralPrefix.of("a.b", Pattern.CANON_EQ)).isNull();
    }

    @ParameterizedTest(name = "{0} => [{1}]")
    @CsvSource(delimiterString = "=>", nullValues = "none", value = {
            "example\\.com  => example.com",
            "api\\.github   => ap",
            "Kelvin          => none",
            "été             => none",
            "a-é             => a-"})
    void unicodeCaseFoldingStopsAtCharactersWithNonAsciiPartners(String pattern, String prefix) {
        LiteralPrefix p = LiteralPrefix.of(pattern.strip(), CI | Pattern.UNICODE_CHARACTER_CLASS);
        assertThat(p == null ? null : p.toString()).isEqualTo(prefix);
        LiteralPrefix caseSensitive = LiteralPrefix.of(pattern.strip(), Pattern.UNICODE_CHARACTER_CLASS);
        assertThat(caseSensitive).as("without folding every character is itself").isNotNull();
    }

    @Test
    void wholeLiteralPatternsNeedNoRegex() {
        assertThat(LiteralPrefix.of("GET", CI).isWholePattern()).isTrue();
        assertThat(LiteralPrefix.of("example\\.com", CI).isWholePattern()).isTrue();
        assertThat(LiteralPrefix.of("^GET", CI).isWholePattern()).isFalse();
        assertThat(LiteralPrefix.of("GETS?", CI).isWholePattern()).isFalse();
        assertThat(LiteralPrefix.of("GET$", CI).isWholePattern()).isFalse();
    }

    /** The byte scan skips ahead (Horspool); on long random bodies it finds what indexOf finds. */
    @Test
    void byteScanFindsEveryOccurrence() {
        Random random = new Random(11);
        String alphabet = "abAB-x\u00e9\u00c9";
        for (int i = 0; i < 500; i++) {
            StringBuilder literal = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) literal.append(alphabet.charAt(random.nextInt(alphabet.length())));
            StringBuilder body = new StringBuilder();
            for (int n = random.nextInt(3000); n > 0; n--) body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            boolean ignoreCase = random.nextBoolean();
            LiteralPrefix prefix = LiteralPrefix.of(literal.toString(), ignoreCase ? CI : 0);
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            String haystack = ignoreCase ? asciiLower(body.toString()) : body.toString();
            String needle = ignoreCase ? asciiLower(literal.toString()) : literal.toString();
            int from = random.nextInt(10);
            assertThat(prefix.indexIn(bytes, from)).as("%s in %s", literal, body).isEqualTo(haystack.indexOf(needle, from));
        }
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length(); i++) if (b.charAt(i) >= 'A' && b.charAt(i) <= 'Z') b.setCharAt(i, (char) (b.charAt(i) + 32));
        return b.toString();
    }

    /** Random byte regexes against random inputs: with and without the shortcut agree. */
    @Test
    void searchingFromThePrefixAgreesWithAPlainSearch() {
        List<String> atoms = List.of("a", "b", "A", "x", "-", ":", " ", "\\.", ".", "a*", "b+", "[ab]", "(a|b)", "^", "$",
                "\\b", "(?<=a)", "(?-i)B", "\\r?$", "\\n", "\\d", "{", "é", "k", "S", "i", "ab");
        Random random = new Random(7);
        int checked = 0;
        for (int i = 0; i < 6000; i++) {
            StringBuilder regex = new StringBuilder();
            for (int n = 1 + random.nextInt(4); n > 0; n--) regex.append(atoms.get(random.nextInt(atoms.size())));
            StringBuilder text = new StringBuilder();
            String alphabet = "abAB-: .x\r\n1éÉkKsSiI\u212a\u017f\u0130\u0131";
            for (int n = random.nextInt(30); n > 0; n--) text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            int flags = (random.nextBoolean() ? Regexes.BYTES : 0) | (random.nextBoolean() ? CI : 0)
                    | (random.nextBoolean() ? Pattern.MULTILINE : 0);
            UserRegex userRegex;
            try {
                userRegex = Regexes.compile(regex.toString(), flags);
            } catch (InvalidRegexException e) {
                continue;
            }
            if (userRegex.isBytes()) {
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
                boolean expected = userRegex.pattern().matcher(latin1).find();
                assertThat(userRegex.find(bytes, null)).as("%s on [%s]", regex, text).isEqualTo(expected);
                assertThat(userRegex.find(latin1, "test")).as("%s on [%s] as String", regex, text).isEqualTo(expected);
            } else {
                boolean expected = userRegex.pattern().matcher(text).find();
                assertThat(userRegex.find(text.toString(), "test")).as("text %s on [%s]", regex, text).isEqualTo(expected);
                assertThat(userRegex.find(text, "test")).as("text %s on [%s] as builder", regex, text).isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(4000);
    }
}
