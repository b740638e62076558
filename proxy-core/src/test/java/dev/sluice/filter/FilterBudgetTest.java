package dev.sluice.filter;

import static dev.sluice.testsupport.TestFlows.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Flow;
import dev.sluice.log.EventLog;
import dev.sluice.log.LogEntry;
import dev.sluice.pattern.Regexes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A runaway regex in a filter is no match, logged at most once a minute (options-and-patterns.md §11.3). */
class FilterBudgetTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureWarnings() {
        EventLog log = new EventLog();
        log.addListener((LogEntry e) -> warnings.add(e.message()));
        Regexes.setEventLog(log);
    }

    @AfterEach
    void dropWarnings() {
        Regexes.setEventLog(null);
    }

    @Test
    void nestedQuantifierOnThirtyAsAndABIsFalseQuickly() {
        Flow flow = http("POST", "https://example.com/upload").requestBody("a".repeat(30) + "b").build();
        long start = System.nanoTime();
        assertThat(FlowFilter.parse("~b \"(a+)+$\"").test(flow)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
    }

    @Test
    void alternationLoopOverAMebibyteBodyIsFalseAndWarnsOnce() {
        String body = "ab".repeat(1 << 19);
        Flow flow = http("POST", "https://example.com/upload").requestBody(body).build();
        FlowFilter filter = FlowFilter.parse("~b \"(a|b)*\"");

        long start = System.nanoTime();
        assertThat(filter.test(flow)).isFalse();
        assertThat(filter.test(flow)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);

        assertThat(warnings).containsExactly(
                "Regex (a|b)* exceeded its time budget on https://example.com/upload; treated as no match");
    }

    @Test
    void exponentialBacktrackingIsAbandonedAfterTheBudget() {
        Flow flow = http("GET", "https://example.com/" + "a".repeat(40)).build();
        FlowFilter filter = FlowFilter.parse("~u \"(.*){1,32000}[bc]\" | ~q");

        long start = System.nanoTime();
        assertThat(filter.test(flow)).as("the rest of the expression still decides").isTrue();
        assertThat(FlowFilter.parse("!~u \"(.*){1,32000}[bc]\"").test(flow)).as("no match, so its negation holds").isTrue();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(warnings).hasSize(2).allMatch(w -> w.endsWith("on https://example.com/" + "a".repeat(40) + "; treated as no match"));
    }
}
