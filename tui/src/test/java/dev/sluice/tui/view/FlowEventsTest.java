package dev.sluice.tui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Flow;
import dev.sluice.tui.ConsoleFixture;
import org.junit.jupiter.api.Test;

class FlowEventsTest {

    private final Flow flow = ConsoleFixture.flow("GET", "http://e.test/");

    @Test
    void queuesEveryEventWhileTheViewNeedsUpdates() {
        FlowEvents events = new FlowEvents();
        events.added(flow);
        events.updated(flow);
        events.removed(flow);
        assertThat(events.drain()).extracting(FlowEvents.Change::kind)
                .containsExactly(FlowEvents.Kind.ADDED, FlowEvents.Kind.UPDATED, FlowEvents.Kind.REMOVED);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void updatesTheViewDoesNotNeedOnlyMarkItTouchedUntilTheNextDrain() {
        FlowEvents events = new FlowEvents();
        events.setUpdatesNeeded(false);
        events.updated(flow);
        assertThat(events.isEmpty()).isFalse();
        assertThat(events.drain()).isEmpty();
        assertThat(events.isEmpty()).isTrue();
        events.added(flow);
        assertThat(events.drain()).extracting(FlowEvents.Change::kind).containsExactly(FlowEvents.Kind.ADDED);
    }
}
