package dev.sluice.filter;

import static dev.sluice.testsupport.TestFlows.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.flow.Flow;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The language itself (filters.md §3, §4): lexing, quoting, precedence, normal form, errors. */
class FilterParserTest {

    // ---------------------------------------------------------------- precedence and grouping, via the normal form

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "a | b c => (~u a | ~u b) & ~u c",
            "~c 200 ~c 404 | ~c 500 => ~c 200 & (~c 404 | ~c 500)",
            "~q & ~s | ~e => ~q & ~s | ~e",
            "~e | ~q & ~s => ~e | ~q & ~s",
            "~q & (~s | ~e) => ~q & (~s | ~e)",
            "!~q & ~s => !~q & ~s",
            "!(~q | ~s) => !(~q | ~s)",
            "!(~q & ~s) => !(~q & ~s)",
            "!!~q => !!~q",
            "! ~q => !~q",
            "(~q) => ~q",
            "((~q)) => ~q",
            "!(~q) => !~q",
            "~q&~s => ~q & ~s",
            "~q|~s => ~q | ~s",
            "(~q ~d example.com) => ~q & ~d example.com",
            "(~q|~s)(~e) => (~q | ~s) & ~e",
            "~m post ~u /api => ~m post & ~u /api",
            "~d foo|~q => ~d foo | ~q",
            "~u /a&!~s => ~u /a & !~s",
            "~u a|b => ~u a|b",
            "~u a=1&b=2 => ~u a=1&b=2",
            "a&b => ~u a&b",
            "& a => ~u & & ~u a",
            "a| b => ~u a| & ~u b",
            "a |b => ~u a | ~u b",
            "~u get(Info|Routers) => ~u get & ~u Info|Routers",
            "~u \"get(Info|Routers)\" => ~u \"get(Info|Routers)\"",
            "/api/v[12]/ => ~u /api/v[12]/",
            "~c 0404 => ~c 404",
            "~c 5XX => ~c 5xx",
            "`  ~q \t\r\n&\n~s  ` => ~q & ~s",
            "~q & ~s & (~e & ~a) => ~q & ~s & ~e & ~a",
            "~q | (~s | ~e) => ~q | ~s | ~e"})
    void normalFormShowsHowTheExpressionWasRead(String expression, String normalForm) {
        assertThat(FlowFilter.parse(expression)).hasToString(normalForm);
    }

    @Test
    void juxtapositionBindsLooserThanOr() {
        FlowFilter filter = FlowFilter.parse("~c 200 ~c 404 | ~c 500");
        assertThat(filter.test(http("GET", "https://x/").response(200).build())).isFalse();
        assertThat(filter.test(http("GET", "https://x/").response(404).build())).isFalse();
        FlowFilter orThenAnd = FlowFilter.parse("a | b c");
        assertThat(orThenAnd.test(http("GET", "https://x/a/c").build())).isTrue();
        assertThat(orThenAnd.test(http("GET", "https://x/a").build())).isFalse();
    }

    @Test
    void requestCannotBeBothRequestOnlyAndAnswered() {
        Flow answered = http("GET", "https://x/").response(200).build();
        Flow pending = http("GET", "https://x/").build();
        assertThat(FlowFilter.parse("~q&~s").test(answered)).isFalse();
        assertThat(FlowFilter.parse("~q&~s").test(pending)).isFalse();
        assertThat(FlowFilter.parse("~q|~s").test(answered)).isTrue();
        assertThat(FlowFilter.parse("~q|~s").test(pending)).isTrue();
        assertThat(FlowFilter.parse("!(~d a.com | ~d b.com)").test(http("GET", "https://c.com/").build())).isTrue();
        assertThat(FlowFilter.parse("!(~d a.com | ~d b.com)").test(http("GET", "https://b.com/").build())).isFalse();
    }

    // ---------------------------------------------------------------- quoting (filters.md §3)

    static Stream<Arguments> arguments() {
        return Stream.of(
                Arguments.of("~u \"\\d+\"", "\\d+"),
                Arguments.of("~u \"a\\.b\"", "a\\.b"),
                Arguments.of("~u 'it\\'s'", "it's"),
                Arguments.of("~u \"\\n\"", "\\n"),
                Arguments.of("~u \"\\\\d+\"", "\\d+"),
                Arguments.of("~u a\\.b", "a\\.b"),
                Arguments.of("~u \"a b\"", "a b"),
                Arguments.of("~u 'say \"hi\"'", "say \"hi\""),
                Arguments.of("~u \"say \\\"hi\\\"\"", "say \"hi\""),
                Arguments.of("~u \"it's\"", "it's"),
                Arguments.of("~u '\\\"'", "\\\""),
                Arguments.of("~u \"(~q) | x\"", "(~q) | x"),
                Arguments.of("~u \"\"", ""),
                Arguments.of("~u !x", "!x"),
                Arguments.of("\"quoted bare\"", "quoted bare"),
                Arguments.of("~u \"a\\\\\\\\\"", "a\\\\"));
    }

    @ParameterizedTest(name = "{0} is the regex {1}")
    @MethodSource("arguments")
    void argumentsAreUnquotedByTheSpecsRules(String expression, String regex) {
        FlowFilter filter = FlowFilter.parse(expression);
        assertThat(filter).isInstanceOf(FlowFilter.Url.class);
        assertThat(((FlowFilter.Url) filter).regex().source()).isEqualTo(regex);
        assertThat(FlowFilter.parse(filter.toString())).as("normal form %s", filter).isEqualTo(filter);
    }

    @Test
    void quotedRegexMatchesWhatItSays() {
        assertThat(FlowFilter.parse("~u \"/item/\\d+$\"").test(http("GET", "https://x/item/42").build())).isTrue();
        assertThat(FlowFilter.parse("~u \"/item/\\d+$\"").test(http("GET", "https://x/item/d").build())).isFalse();
    }

    // ---------------------------------------------------------------- errors (filters.md §4)

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "~q & ~d => at 6: ~d needs an argument",
            "~ => at 1: unknown operator ~",
            "~~ => at 1: unknown operator ~",
            "~b => at 1: ~b needs an argument",
            "~h [ => at 4: invalid regular expression '[' (Unclosed character class)",
            "~c => at 1: ~c needs an argument",
            "~u ~s => at 1: ~u needs an argument",
            "(~q => at 1: missing )",
            "~q) => at 3: unexpected )",
            "~q & => at 4: missing operand after &",
            "~x foo => at 1: unknown operator ~x",
            "~Q => at 1: unknown operator ~Q",
            "~hx a => at 1: unknown operator ~hx",
            "~c200 => at 1: ~c needs an argument",
            "~c 2xxx => at 4: ~c expects a status code or a class like 2xx: 2xxx",
            "~c abc => at 4: ~c expects a status code or a class like 2xx: abc",
            "~c 6xx => at 4: ~c expects a status code or a class like 2xx: 6xx",
            "~c 99999999999 => at 4: ~c expects a status code or a class like 2xx: 99999999999",
            "~u \"abc => at 4: unterminated quote",
            "'abc => at 1: unterminated quote",
            "~u \"a\\\" => at 4: unterminated quote",
            "~q | ) => at 4: missing operand after |",
            "! => at 1: missing operand after !",
            "~q & ! => at 6: missing operand after !",
            "() => at 2: unexpected )",
            ") => at 1: unexpected )",
            "(~q)) => at 5: unexpected )",
            "~u (a) => at 1: ~u needs an argument",
            "~u &~s => at 1: ~u needs an argument",
            "~u 'a' ~d \"b[\" => at 11: invalid regular expression 'b[' (Unclosed character class)",
            "~m (?(1)a|b) => at 1: ~m needs an argument",
            "~m \"(?(1)a|b)\" => at 4: invalid regular expression '(?(1)a|b)' (conditional groups are not supported)",
            "é ~d => at 3: ~d needs an argument"})
    void errorsNameThePositionAndTheProblem(String expression, String detail) {
        assertThatThrownBy(() -> FlowFilter.parse(expression))
                .isExactlyInstanceOf(FilterException.class)
                .hasMessage("Invalid filter expression: '" + expression + "' (" + detail + ")");
    }

    @Test
    void positionCountsCharactersNotUtf16Units() {
        FilterException e = (FilterException) catchThrowable(() -> FlowFilter.parse("😀 ~d"));
        assertThat(e.position()).isEqualTo(3);
        assertThat(e.detail()).isEqualTo("~d needs an argument");
        assertThat(e.input()).isEqualTo("😀 ~d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\r\n  "})
    void emptyExpressionHasItsOwnMessage(String expression) {
        assertThatThrownBy(() -> FlowFilter.parse(expression))
                .isExactlyInstanceOf(FilterException.class).hasMessage("Empty filter expression");
    }

    @Test
    void nestingIsLimitedTo256Levels() {
        String deepest = "(".repeat(256) + "~q" + ")".repeat(256);
        assertThat(FlowFilter.parse(deepest)).hasToString("~q");
        assertThat(FlowFilter.parse("!".repeat(256) + "~q").test(http("GET", "https://x/").build())).isTrue();

        assertThatThrownBy(() -> FlowFilter.parse("(".repeat(257) + "~q" + ")".repeat(257)))
                .hasMessageEndingWith("(at 257: nesting too deep)");
        assertThatThrownBy(() -> FlowFilter.parse("!".repeat(100_000) + "~q"))
                .hasMessageEndingWith("(at 257: nesting too deep)");
        assertThatThrownBy(() -> FlowFilter.parse("(!".repeat(200) + "~q" + ")".repeat(200)))
                .hasMessageEndingWith("(at 257: nesting too deep)");
    }

    @Test
    void longFlatChainsNeitherNestNorOverflowTheStack() {
        String chain = String.join(" & ", java.util.Collections.nCopies(20_000, "~q"));
        FlowFilter filter = FlowFilter.parse(chain + " | " + chain + " " + chain);
        assertThat(filter.test(http("GET", "https://x/").build())).isTrue();
        assertThat(filter.toString()).startsWith("(~q & ~q");
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void hugeRegexesAreErrorsNotCrashes() {
        String deep = "(".repeat(50_000) + "a" + ")".repeat(50_000);
        assertThatThrownBy(() -> FlowFilter.parse("~u \"" + deep + "\""))
                .isExactlyInstanceOf(FilterException.class)
                .hasMessageEndingWith("' (Stack overflow during pattern compilation))");
        assertThat(FlowFilter.parse("~b " + "ab|".repeat(20_000) + "c").test(http("GET", "https://x/").build())).isFalse();
    }

    /** Whatever the input, the parser returns a filter or throws FilterException, and normal forms parse back equal. */
    @Test
    void randomInputYieldsAFilterOrAFilterExceptionOnly() {
        String alphabet = "~!&|()\"'\\ \t\nabcdehmqstu.*[]{}?+^$0123456789xé";
        List<String> words = List.of("~q", "~s", "~h", "~d", "~u", "~c", "~b", "~m", "~all", "~marker", "2xx", "404",
                "(?P<n>a)", "(?P=n)", "(?(1)a)", "[a&&b]", "{,3}");
        Random random = new Random(20240501L);
        Flow flow = http("POST", "https://example.com/api?q=1").requestHeader("X-Api-Key", "k").requestBody("abc")
                .response(200).responseBody("{}").build();
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) {
                if (random.nextInt(5) == 0) s.append(words.get(random.nextInt(words.size())));
                else s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = s.toString();
            FlowFilter filter;
            try {
                filter = FlowFilter.parse(input);
            } catch (FilterException expected) {
                assertThat(expected.getMessage()).as(input)
                        .matches("Empty filter expression|(?s)Invalid filter expression: '.*' \\(at \\d+: .+\\)");
                continue;
            }
            parsed++;
            filter.test(flow);
            assertThat(FlowFilter.parse(filter.toString())).as("normal form of [%s]: %s", input, filter).isEqualTo(filter);
        }
        assertThat(parsed).as("some random inputs are valid").isGreaterThan(500);
    }
}
