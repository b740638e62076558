package dev.sluice.filter;

import static dev.sluice.testsupport.TestFlows.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Flow specifications in commands (filters.md §6), on the spec's own example. */
class FlowSpecTest {

    private final Flow get1 = http("GET", "https://example.com/1").marked(":default:").build();
    private final Flow put1 = http("PUT", "https://example.com/2").build();
    private final Flow get2 = http("GET", "https://example.com/3").build();
    private final Flow put2 = http("PUT", "https://example.com/4").build();
    private final List<Flow> stored = List.of(get1, put1, get2, put2);

    /** A view filtered by {@code ~m get}, focus on the second shown flow. */
    private final FlowSpec.Context view = context(stored, get2);

    private static FlowSpec.Context context(List<Flow> stored, Flow focused) {
        FlowFilter viewFilter = FlowFilter.parse("~m get");
        return new FlowSpec.Context() {
            @Override
            public List<Flow> stored() {
                return stored;
            }

            @Override
            public List<Flow> shown() {
                return stored.stream().filter(viewFilter::test).toList();
            }

            @Override
            public Flow focused() {
                return focused;
            }
        };
    }

    private List<Flow> resolve(String spec) {
        return FlowSpec.parse(spec).resolve(view);
    }

    @Test
    void specExample() {
        assertThat(resolve("~m put")).containsExactly(put1, put2);
        assertThat(resolve("@shown")).containsExactly(get1, get2);
        assertThat(resolve("@hidden")).containsExactly(put1, put2);
        assertThat(resolve("@marked")).containsExactly(get1);
        assertThat(resolve("@unmarked")).containsExactly(put1, get2, put2);
        assertThat(resolve("@all")).containsExactly(get1, put1, get2, put2);
        assertThat(resolve("@focus")).containsExactly(get2);
    }

    @Test
    void idsSelectStoredFlowsInArrivalOrder() {
        assertThat(resolve("@" + put2.id() + "," + get1.id().toUpperCase())).containsExactly(get1, put2);
        assertThat(resolve("@00000000-0000-4000-8000-999999999999")).isEmpty();
    }

    @Test
    void emptyStoreResolvesToNothing() {
        FlowSpec.Context empty = context(List.of(), null);
        for (String spec : List.of("@all", "@focus", "@shown", "@hidden", "@marked", "@unmarked", "~q", "~all")) {
            assertThat(FlowSpec.parse(spec).resolve(empty)).as(spec).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"@focused", "@", "@ALL", "@all,@marked", "@1234", "@" + "00000000-0000-4000-8000-00000000000z"})
    void unknownAtWordsAreErrors(String spec) {
        assertThatThrownBy(() -> FlowSpec.parse(spec))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid flow specification: " + spec);
    }

    @Test
    void invalidFilterIsAFilterError() {
        assertThatThrownBy(() -> FlowSpec.parse("~"))
                .isExactlyInstanceOf(FilterException.class)
                .hasMessageStartingWith("Invalid filter expression: '~' (");
    }

    @ParameterizedTest
    @CsvSource({"@focus, 1", "@marked, 1", "@all, 4", "~m put, 2", "~m delete, 0"})
    void oneFlowCommandsNeedExactlyOne(String spec, int matched) {
        FlowSpec flowSpec = FlowSpec.parse(spec);
        if (matched == 1) {
            assertThat(flowSpec.resolveOne(view)).isNotNull();
        } else {
            assertThatThrownBy(() -> flowSpec.resolveOne(view))
                    .hasMessage("Command requires one flow, specification matched " + matched + ".");
        }
    }

    @Test
    void specsPrintAsWritten() {
        assertThat(FlowSpec.parse("@hidden")).hasToString("@hidden");
        assertThat(FlowSpec.parse("~m  put")).hasToString("~m put");
    }
}
