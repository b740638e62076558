package dev.sluice.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testsupport.TestFlows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowTest {

    @Test
    void aFlowWithoutMetadataOrMessagesReportsThemEmpty() {
        Flow f = TestFlows.http("GET", "http://example.test/").build();
        assertTrue(f.messages().isEmpty());
        assertTrue(f.copy().metadata().isEmpty());
        assertTrue(f.snapshot().messages().isEmpty());
    }

    @Test
    void copiesCarryMetadataAndMessagesButChangeOnlyTheirOwn() {
        Flow f = TestFlows.http("GET", "http://example.test/").build();
        f.metadata().put("note", "kept");
        f.addMessage(new StreamMessage(true, new byte[] {1}, 1.0));

        Flow copy = f.copy();
        Flow snapshot = f.snapshot();
        copy.metadata().put("only", "copy");
        copy.addMessage(new StreamMessage(false, new byte[] {2}, 2.0));

        assertEquals(Map.of("note", "kept"), f.metadata());
        assertEquals(Map.of("note", "kept"), snapshot.metadata());
        assertEquals(Map.of("note", "kept", "only", "copy"), copy.metadata());
        assertEquals(1, f.messages().size());
        assertEquals(1, snapshot.messages().size());
        assertEquals(List.of(true, false), copy.messages().stream().map(StreamMessage::fromClient).toList());
    }
}
