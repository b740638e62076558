package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged native files (flowfiles.md §3.8): what loads, the first line and the position line. */
class NativeReaderTest {

    private static final String GOOD = new String(NativeWriter.encode(TestFlows.recorded().get(0)), StandardCharsets.UTF_8);

    static Stream<Arguments> damage() {
        String noNewline = GOOD.substring(0, GOOD.length() - 1);
        String cut = GOOD.substring(0, GOOD.length() / 2);
        String newer = GOOD.replace("\"version\":1,", "\"version\":2,");
        String noRequest = "{\"format\":\"sluice-flow\",\"version\":1,\"type\":\"http\",\"id\":\"x\"}\n";
        String noId = "{\"format\":\"sluice-flow\",\"version\":1,\"type\":\"http\",\"request\":{\"method\":\"GET\"}}\n";
        String minimal = "{\"format\":\"sluice-flow\",\"version\":1,\"type\":\"http\",\"id\":\"x\",\"request\":{\"method\":\"GET\"},\"future\":1}\n";
        return Stream.of(
                Arguments.of("two good lines", GOOD + GOOD, 2, null, null),
                Arguments.of("minimal record, unknown field ignored", minimal, 1, null, null),
                Arguments.of("last line without newline", GOOD + noNewline, 1, "Flow file corrupted - loaded 1 flows.",
                        "f: line 2: the last line has no newline (an interrupted write)"),
                Arguments.of("only line without newline", noNewline, 0, "Flow file corrupted.",
                        "f: line 1: the last line has no newline (an interrupted write)"),
                Arguments.of("a line cut in the middle", GOOD + cut + "\n" + GOOD, 1, "Flow file corrupted - loaded 1 flows.", "f: line 2: not valid JSON"),
                Arguments.of("newer version", GOOD + newer, 1,
                        "Cannot read flow format version 2; this Sluice reads versions up to 1. Please update Sluice.", "f: line 2: version 2"),
                Arguments.of("missing request", noRequest, 0, "Flow file corrupted.", "f: line 1: missing required field request"),
                Arguments.of("missing id", GOOD + noId, 1, "Flow file corrupted - loaded 1 flows.", "f: line 2: missing required field id"),
                Arguments.of("garbage", GOOD + "{not json}\n", 1, "Flow file corrupted - loaded 1 flows.", "f: line 2: not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void readingStopsAtTheDamageAndKeepsWhatCameBefore(String name, String content, int flows, String summary, String detail) throws IOException {
        FlowFiles.Loaded loaded;
        try (FlowReader r = FlowFiles.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "f")) {
            loaded = FlowFiles.readAll(r);
        }
        assertThat(loaded.flows()).hasSize(flows);
        if (summary == null) {
            assertThat(loaded.failure()).isNull();
        } else {
            assertThat(loaded.failure().summary()).isEqualTo(summary);
            assertThat(loaded.failure().detail()).startsWith(detail);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void aDamagedFileNeverThrowsAnythingElse(String name, String content, int flows, String summary, String detail) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < bytes.length; cut += 7) {
            try (FlowReader r = FlowFiles.open(new ByteArrayInputStream(bytes, 0, cut), "f")) {
                List<Flow> read = FlowFiles.readAll(r).flows();
                assertThat(read.size()).isLessThanOrEqualTo(flows);
            } catch (IOException expected) {
                assertThat(expected).isInstanceOf(FlowFileException.class);
            }
        }
    }
}
