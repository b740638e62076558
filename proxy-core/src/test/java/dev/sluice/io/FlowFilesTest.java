package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Format detection, reading whole files, writing by file name, and round trips of the native and mitmproxy formats. */
class FlowFilesTest {

    @TempDir
    Path dir;

    /** The state of a flow as every field the native format carries. */
    static String state(Flow f) {
        return Json.write(FlowState.of(f));
    }

    /** The state without what a mitmproxy version-17 file has no place for. */
    static String mitmComparable(Flow f) {
        Map<String, Object> s = FlowState.of(f);
        s.remove("intercepted");
        return Json.write(s);
    }

    @ParameterizedTest
    @CsvSource({"flows.sluice", "flows.json", "flows.mitm"})
    void everyFieldRoundTripsThroughTheNativeAndMitmproxyFormats(String name) throws IOException {
        List<Flow> flows = TestFlows.recorded();
        Path file = dir.resolve(name);
        assertThat(FlowFiles.save(file, false, flows)).isEqualTo(flows.size());
        FlowFiles.Loaded loaded = FlowFiles.readAll(file);
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.flows()).hasSize(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            assertThat(mitmComparable(loaded.flows().get(i))).isEqualTo(mitmComparable(flows.get(i)));
            assertThat(loaded.flows().get(i).isLive()).isFalse();
        }
    }

    @Test
    void nativeRecordsKeepTheDocumentedKeyOrderAndEncodings() throws IOException {
        Flow f = TestFlows.recorded().get(0);
        String line = new String(NativeWriter.encode(f), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotContain("\n{").startsWith("{\"format\":\"sluice-flow\",\"version\":1,\"type\":\"http\",\"id\":");
        assertThat(line).contains("\"timestamp_start\":1795727477.7085,").contains("\"content\":{\"b64\":\"iVBORwD/\"}")
                .contains("[\"X-MiXeD-Case\",{\"b64\":\"duk=\"}]").contains("\"metadata\":{\"blocklisted\":true,\"nested\":{\"n\":1}}");
        List<String> keys = new ArrayList<>(FlowState.of(f).keySet());
        assertThat(keys).containsExactly("format", "version", "type", "id", "created", "marked", "comment", "replay", "intercepted",
                "metadata", "error", "client", "server", "request", "response", "websocket", "backup");
    }

    @Test
    void aBackupSurvivesTheRoundTripAndRevertRestoresIt() throws IOException {
        Flow edited = TestFlows.recorded().get(1);
        Path file = dir.resolve("b.sluice");
        FlowFiles.save(file, false, List.of(edited));
        Flow loaded = FlowFiles.readAll(file).flows().get(0);
        assertThat(loaded.response().headers().get("X-Edited")).isEqualTo("yes");
        assertThat(loaded.revert()).isTrue();
        assertThat(loaded.response().headers().get("X-Edited")).isNull();
    }

    static Stream<Arguments> detection() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("  \n", "empty"),
                Arguments.of("\uFEFF{\"format\":\"sluice-flow\",\"version\":1,\"type\":\"http\",\"id\":\"x\",\"request\":{\"method\":\"GET\"}}\n", "NativeReader"),
                Arguments.of("{\n  \"log\": {\"version\": \"1.2\", \"entries\": []}\n}\n", "HarReader"),
                Arguments.of("{\"other\": 1, \"log\": {\"entries\": []}}", "HarReader"),
                Arguments.of("0:~", "MitmReader"),
                Arguments.of("{\"something\": \"else\"}\n", "Cannot read f: unknown flow file format"),
                Arguments.of("<html>", "Cannot read f: unknown flow file format"));
    }

    @ParameterizedTest
    @MethodSource("detection")
    void theFormatIsDetectedFromTheContent(String content, String expected) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        if (expected.startsWith("Cannot")) {
            assertThatThrownBy(() -> FlowFiles.open(in, "f")).isInstanceOf(FlowFileException.class).hasMessage(expected);
            return;
        }
        try (FlowReader r = FlowFiles.open(in, "f")) {
            if (expected.equals("empty")) assertThat(r.next()).isNull();
            else assertThat(r.getClass().getSimpleName()).isEqualTo(expected);
        }
    }

    @Test
    void appendingKeepsTheFormatOfTheExistingFileWhateverItsName() throws IOException {
        Path file = dir.resolve("flows.json");
        List<Flow> flows = TestFlows.recorded();
        Files.write(file, MitmWriter.encode(flows.get(0)));
        try (FlowWriter w = FlowFiles.openWriter(file, true)) {
            w.write(flows.get(2));
        }
        FlowFiles.Loaded loaded = FlowFiles.readAll(file);
        assertThat(loaded.failure()).isNull();
        assertThat(loaded.flows()).extracting(Flow::id).containsExactly(flows.get(0).id(), flows.get(2).id());
        assertThat(FlowFiles.detect(file)).isEqualTo(FlowFiles.Format.MITM);
    }

    @Test
    void concatenatedNativeFilesReadAsOne() throws IOException {
        List<Flow> flows = TestFlows.recorded();
        Path a = dir.resolve("a.sluice");
        Path b = dir.resolve("b.sluice");
        FlowFiles.save(a, false, flows.subList(0, 2));
        FlowFiles.save(b, false, flows.subList(2, 4));
        Path c = dir.resolve("c.sluice");
        Files.write(c, Files.readAllBytes(a));
        Files.write(c, Files.readAllBytes(b), java.nio.file.StandardOpenOption.APPEND);
        assertThat(FlowFiles.readAll(c).flows()).hasSize(4);
    }

    @Test
    void writersCreateMissingDirectoriesAndRefuseADirectory() throws IOException {
        Path nested = dir.resolve("x/y/flows.sluice");
        FlowFiles.save(nested, false, TestFlows.recorded().subList(0, 1));
        assertThat(nested).exists();
        assertThatThrownBy(() -> FlowFiles.openWriter(dir, false)).isInstanceOf(IOException.class).hasMessageContaining("is a directory");
    }
}
