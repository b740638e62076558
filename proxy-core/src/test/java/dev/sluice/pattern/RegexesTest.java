package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.log.EventLog;
import dev.sluice.log.Level;
import dev.sluice.log.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The user-regex dialect (options-and-patterns.md §11). */
class RegexesTest {

    /** Exponential even for Java 17's backtracking matcher (seconds on 40 characters). */
    static final String CATASTROPHIC = "(.*){1,32000}[bc]";

    private final List<LogEntry> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureWarnings() {
        EventLog eventLog = new EventLog();
        eventLog.addListener(log::add);
        Regexes.setEventLog(eventLog);
    }

    @AfterEach
    void dropWarnings() {
        Regexes.setEventLog(null);
    }

    // ---------------------------------------------------------------- §11.1 translation

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "(?P<name>x)(?P=name)    => (?<name>x)\\k<name>",
            "a\\Z                    => a\\z",
            "\\\\Z                   => \\\\Z",
            "`{\"a\":1}`             => `\\{\"a\":1}`",
            "x{,3}                   => x{0,3}",
            "x{2}y{2,}z{2,5}         => x{2}y{2,}z{2,5}",
            "x{,}                    => x\\{,}",
            "x{a}                    => x\\{a}",
            "[[]                     => [\\[]",
            "[a&&b]                  => [a\\&\\&b]",
            "[]a]                    => [\\]a]",
            "[^]a]                   => [^\\]a]",
            "[\\]{]{2}               => [\\]{]{2}",
            "\\Q{[&&\\E{1}           => \\Q{[&&\\E{1}",
            "(?<ok>a)(?i:b)(?=c)     => (?<ok>a)(?i:b)(?=c)",
            "a++(?>b)\\p{L}          => a++(?>b)\\p{L}"})
    void pythonSpellingsBecomeJava(String python, String java) {
        assertThat(PythonRegexTranslator.translate(python.strip()).javaPattern()).isEqualTo(java.strip());
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "`{\"a\":1}`               => `x{\"a\":1}y`   => true",
            "x{,3}y                    => xxxy            => true",
            "^x{,3}y                   => xxxxy           => false",
            "[a&&b]                    => &               => true",
            "[[]                       => [               => true",
            "a\\Z                      => ba              => true",
            "(?P<q>['\"]).*(?P=q)      => `'abc'`         => true",
            "(?P<q>['\"]).*(?P=q)      => `'abc\"`        => false"})
    void translatedPatternsMatchAsInPython(String regex, String input, boolean expected) {
        assertThat(Regexes.compile(regex.strip(), 0).find(input.strip(), "test")).isEqualTo(expected);
    }

    @Test
    void invalidGroupNamesAreRenamedAndReferencesFollow() {
        UserRegex regex = Regexes.compile("/(?P<page_name>\\w+)/(?P=page_name)(?P<pagename>x)?", 0);
        String javaName = regex.groupNames().get("page_name");
        assertThat(javaName).matches("[A-Za-z][A-Za-z0-9]*").isNotEqualTo("pagename");
        assertThat(regex.groupNames()).containsEntry("pagename", "pagename");
        Matcher m = regex.pattern().matcher("/home/home");
        assertThat(m.find()).isTrue();
        assertThat(m.group(javaName)).isEqualTo("home");
        assertThat(regex.find("/home/away", "test")).isFalse();
    }

    @Test
    void errorsShowTheOriginalRegexAndGroupNames() {
        assertThatThrownBy(() -> Regexes.compile("[", 0))
                .isExactlyInstanceOf(InvalidRegexException.class)
                .hasMessage("Invalid regular expression '[' (Unclosed character class)");
        assertThatThrownBy(() -> Regexes.compile("(?(1)a|b)", 0))
                .hasMessage("Invalid regular expression '(?(1)a|b)' (conditional groups are not supported)");
        assertThatThrownBy(() -> Regexes.compile("(?P<a_b>x)(?P<a_b>y)", 0))
                .hasMessage("Invalid regular expression '(?P<a_b>x)(?P<a_b>y)' (Named capturing group <a_b> is already defined)");
        InvalidRegexException e = (InvalidRegexException) org.assertj.core.api.Assertions.catchThrowable(() -> Regexes.compile("a)", 0));
        assertThat(e.regex()).isEqualTo("a)");
        assertThat(e.reason()).isEqualTo("Unmatched closing ')'");
    }

    // ---------------------------------------------------------------- byte and text regexes

    @Test
    void byteRegexesSeeUtf8BytesWithAsciiClasses() {
        byte[] body = "<p>Привет</p>".getBytes(StandardCharsets.UTF_8);
        assertThat(Regexes.compile("Привет", Regexes.BYTES).find(body, null)).isTrue();
        assertThat(Regexes.compile("<p>\\w", Regexes.BYTES).find(body, null)).as("\\w is ASCII").isFalse();
        assertThat(Regexes.compile("ПРИВЕТ", Regexes.BYTES | Pattern.CASE_INSENSITIVE).find(body, null))
                .as("ASCII case folding only").isFalse();
        assertThat(Regexes.compile("<P>", Regexes.BYTES | Pattern.CASE_INSENSITIVE).find(body, null)).isTrue();
        assertThat(Regexes.compile("\\xff", Regexes.BYTES).find(new byte[] {1, (byte) 0xff}, null)).isTrue();
    }

    @Test
    void textRegexesAreUnicodeAware() {
        assertThat(Regexes.compile("^\\w+$", 0).find("Привет", "test")).isTrue();
        assertThat(Regexes.compile("\\d", 0).find("٣", "test")).as("Arabic-Indic digit").isTrue();
        assertThat(Regexes.compile("ПРИВЕТ", Pattern.CASE_INSENSITIVE).find("привет", "test")).isTrue();
        assertThat(Regexes.compile("(?i)straße", 0).find("STRAßE", "test")).isTrue();
        assertThat(Regexes.compile("Login", 0).find("login", "test")).as("case-sensitive without the flag").isFalse();
    }

    // ---------------------------------------------------------------- §11.3 evaluation budget

    /** Java 17 memoizes simple nested loops, so this classic needs no budget: it fails fast and quietly. */
    @Test
    void nestedQuantifierFailsFastWithoutWarning() {
        UserRegex regex = Regexes.compile("(a+)+$", Regexes.BYTES | Pattern.CASE_INSENSITIVE);
        long start = System.nanoTime();
        assertThat(regex.find(("a".repeat(30) + "b").getBytes(StandardCharsets.US_ASCII), null)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
        assertThat(log).isEmpty();
    }

    @Test
    void catastrophicBacktrackingCountsAsNoMatchAndWarnsOncePerMinute() {
        UserRegex regex = Regexes.compile(CATASTROPHIC, 0);

        long start = System.nanoTime();
        assertThat(regex.find("a".repeat(40), "host.example:443")).isFalse();
        assertThat(regex.find("a".repeat(40), "host.example:443")).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);

        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo(Level.WARN);
            assertThat(entry.message())
                    .isEqualTo("Regex " + CATASTROPHIC + " exceeded its time budget on host.example:443; treated as no match");
        });
    }

    @Test
    void stackOverflowOnLongInputCountsAsNoMatch() {
        UserRegex regex = Regexes.compile("(a|b)*", Regexes.BYTES);
        byte[] body = new byte[1 << 20];
        java.util.Arrays.fill(body, (byte) 'a');
        long start = System.nanoTime();
        assertThat(regex.find(body, null)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(log).singleElement().extracting(LogEntry::message).asString().contains("exceeded its time budget");
    }

    @Test
    void applyRunsAnyMatcherWorkUnderTheBudget() {
        UserRegex regex = Regexes.compile("(?P<word>o+)", 0);
        String name = regex.groupNames().get("word");
        assertThat(regex.apply("foo boo", null, m -> m.replaceAll("<${" + name + "}>"), "over")).isEqualTo("f<oo> b<oo>");
        UserRegex slow = Regexes.compile(CATASTROPHIC, 0);
        assertThat(slow.apply("a".repeat(40), null, m -> m.replaceAll("-"), "over")).isEqualTo("over");
    }
}
