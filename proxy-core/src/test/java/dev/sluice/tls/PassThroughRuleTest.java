package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tls.md §7: which tunnels pass through untouched. */
class PassThroughRuleTest {

    static Stream<Arguments> rules() {
        List<String> tunnel = List.of("93.184.215.14:443", "example.com:443", "www.example.com:443");
        return Stream.of(
                Arguments.of(List.of("^example\\.com:443$"), List.of(), tunnel, true),
                Arguments.of(List.of("example\\.com"), List.of(), tunnel, true),
                Arguments.of(List.of("EXAMPLE\\.COM"), List.of(), tunnel, true),
                Arguments.of(List.of("^93\\.184\\."), List.of(), tunnel, true),
                Arguments.of(List.of("^example\\.org"), List.of(), tunnel, false),
                Arguments.of(List.of(":8443$"), List.of(), tunnel, false),
                Arguments.of(List.of("(?P<host>example)\\.com"), List.of(), tunnel, true), // Python spelling
                Arguments.of(List.of(), List.of("^www\\."), tunnel, false),
                Arguments.of(List.of(), List.of("^api\\."), tunnel, true),
                Arguments.of(List.of(), List.of(), tunnel, false));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void decidesOnAnyCandidate(List<String> ignore, List<String> allow, List<String> candidates, boolean passes) {
        assertThat(PassThroughRule.of(ignore, allow).passesThrough(candidates)).isEqualTo(passes);
    }

    @Test
    void onlyOneListMayBeSet() {
        assertThatThrownBy(() -> PassThroughRule.of(List.of("a"), List.of("b")))
                .hasMessage("ignore_hosts and allow_hosts are mutually exclusive; please choose one.");
    }

    @Test
    void aBadRegexNamesTheOptionAndTheReason() {
        assertThatThrownBy(() -> PassThroughRule.of(List.of("(unclosed"), List.of()))
                .hasMessage("Invalid value for ignore_hosts: Invalid regular expression '(unclosed' (Unclosed group)");
    }

    @Test
    void aCatastrophicRegexCountsAsNoMatchWithinItsBudget() {
        PassThroughRule rule = PassThroughRule.of(List.of("(a+)+$"), List.of());
        long start = System.nanoTime();
        assertThat(rule.passesThrough(List.of("a".repeat(40) + "b:443"))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
