package dev.sluice.tui.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which editor runs (console.md §10.1) and what comes back from it. */
class ExternalEditorTest {

    @TempDir
    Path dir;

    private Path executable(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void sluiceEditorWinsOverMitmproxyEditorWhichWinsOverEditor() {
        assertThat(new ExternalEditor(Map.of("SLUICE_EDITOR", "a", "MITMPROXY_EDITOR", "b", "EDITOR", "c")).editorCommand()).isEqualTo("a");
        assertThat(new ExternalEditor(Map.of("MITMPROXY_EDITOR", "b", "EDITOR", "c")).editorCommand()).isEqualTo("b");
        assertThat(new ExternalEditor(Map.of("EDITOR", "c", "SLUICE_EDITOR", " ")).editorCommand()).isEqualTo("c");
    }

    @Test
    void withoutVariablesTheFirstOfSensibleEditorNanoVimViOnThePathRuns() throws Exception {
        executable("vi");
        executable("nano");
        assertThat(new ExternalEditor(Map.of("PATH", dir.toString())).editorCommand()).isEqualTo("nano");
        assertThat(new ExternalEditor(Map.of("PATH", dir.resolve("empty").toString())).editorCommand()).isNull();
        assertThatThrownBy(() -> new ExternalEditor(Map.of("PATH", "")).edit(new byte[0], ".txt"))
                .hasMessage("No editor found: set $SLUICE_EDITOR or $EDITOR.");
    }

    @Test
    void theEditorMayCarryArgumentsAndItsChangesComeBackTheTemporaryFileIsGone() throws Exception {
        Path seen = dir.resolve("seen");
        ExternalEditor editor = new ExternalEditor(Map.of("EDITOR", "sh -c 'echo \"$0\" > " + seen + "; sed -i s/a/b/ \"$0\"'"));
        assertThat(new String(editor.edit("a-a".getBytes(StandardCharsets.UTF_8), ".json"), StandardCharsets.UTF_8)).isEqualTo("b-a");
        Path temp = Path.of(Files.readString(seen).strip());
        assertThat(temp.getFileName().toString()).startsWith("sluice-").endsWith(".json");
        assertThat(temp).doesNotExist();
    }

    @Test
    void anEditorThatFailsChangesNothing() {
        ExternalEditor editor = new ExternalEditor(Map.of("EDITOR", "false"));
        assertThatThrownBy(() -> editor.edit(new byte[]{1}, ".txt")).hasMessage("false exited with status 1; nothing changed.");
    }
}
