package dev.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testsupport.TestFlows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRecordsTest {

    static final class Note extends FlowRecords.Record {
        final String text;

        Note(Flow flow, String text) {
            super(flow);
            this.text = text;
        }
    }

    private static Flow flow(int i) {
        return TestFlows.http("GET", "http://example.test/" + i).build();
    }

    private static List<String> texts(FlowRecords<Note> records) {
        List<String> out = new ArrayList<>();
        for (Note n : records) out.add(n.text);
        return out;
    }

    @Test
    void findsTheRecordOfEachFlowAndForgetsRemovedOnes() {
        FlowRecords<Note> records = new FlowRecords<>(FlowRecords.Slot.STORE);
        Flow a = flow(1), b = flow(2);
        records.add(new Note(a, "a"));
        records.add(new Note(b, "b"));

        assertThat(records.get(a).text).isEqualTo("a");
        assertThat(records.get(b).text).isEqualTo("b");
        assertThat(records.remove(a).text).isEqualTo("a");
        assertThat(records.get(a)).isNull();
        assertThat(records.remove(a)).isNull();
        assertThat(records.size()).isEqualTo(1);
        assertThat(texts(records)).containsExactly("b");
    }

    @Test
    void iteratesInAdditionOrderThroughRemovalsAtTheHeadInTheMiddleAndCompaction() {
        FlowRecords<Note> records = new FlowRecords<>(FlowRecords.Slot.VIEW);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flows.add(flow(i));
            records.add(new Note(flows.get(i), "n" + i));
        }
        for (int i = 0; i < 100; i++) records.remove(flows.get(i));          // the oldest, as a bounded list drops them
        for (int i = 101; i < 500; i += 2) records.remove(flows.get(i));     // every other one: compaction runs

        List<String> expected = new ArrayList<>();
        expected.add("n100");
        for (int i = 102; i < 500; i += 2) expected.add("n" + i);
        assertThat(texts(records)).isEqualTo(expected);
        assertThat(records.size()).isEqualTo(expected.size());
        assertThat(records.get(flows.get(250)).text).isEqualTo("n250");
        assertThat(records.get(flows.get(251))).isNull();
    }

    @Test
    void aFlowKeptAgainAfterRemovalGetsItsNewRecordAtTheEnd() {
        FlowRecords<Note> records = new FlowRecords<>(FlowRecords.Slot.STORE);
        Flow a = flow(1), b = flow(2);
        records.add(new Note(a, "first"));
        records.add(new Note(b, "b"));
        records.remove(a);
        records.add(new Note(a, "again"));

        assertThat(records.get(a).text).isEqualTo("again");
        assertThat(texts(records)).containsExactly("b", "again");
    }

    @Test
    void twoOwnersOfTheSameKindEachKeepTheirOwnRecordOfAFlow() {
        FlowRecords<Note> first = new FlowRecords<>(FlowRecords.Slot.STORE);
        FlowRecords<Note> second = new FlowRecords<>(FlowRecords.Slot.STORE);
        Flow a = flow(1);
        first.add(new Note(a, "first's"));
        second.add(new Note(a, "second's"));

        assertThat(first.get(a).text).isEqualTo("first's");
        assertThat(second.get(a).text).isEqualTo("second's");
        first.remove(a);
        assertThat(first.get(a)).isNull();
        assertThat(second.get(a).text).isEqualTo("second's");
        // the slot is free again: a third owner takes it, the second still finds its record
        FlowRecords<Note> third = new FlowRecords<>(FlowRecords.Slot.STORE);
        third.add(new Note(a, "third's"));
        assertThat(third.get(a).text).isEqualTo("third's");
        assertThat(second.get(a).text).isEqualTo("second's");
        assertThat(second.remove(a).text).isEqualTo("second's");
        assertThat(third.get(a).text).isEqualTo("third's");
    }

    @Test
    void theStoreAndTheViewSlotsAreIndependent() {
        FlowRecords<Note> store = new FlowRecords<>(FlowRecords.Slot.STORE);
        FlowRecords<Note> view = new FlowRecords<>(FlowRecords.Slot.VIEW);
        Flow a = flow(1);
        store.add(new Note(a, "store"));
        view.add(new Note(a, "view"));
        store.remove(a);

        assertThat(view.get(a).text).isEqualTo("view");
    }

    @Test
    void refusesASecondRecordForAFlowAndARecordAddedTwice() {
        FlowRecords<Note> records = new FlowRecords<>(FlowRecords.Slot.STORE);
        Flow a = flow(1);
        Note note = new Note(a, "a");
        records.add(note);

        assertThatThrownBy(() -> records.add(new Note(a, "again"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(a.id());
        records.remove(a);
        assertThatThrownBy(() -> records.add(note)).isInstanceOf(IllegalStateException.class);
    }
}
