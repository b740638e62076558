package dev.sluice.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clipboard's choice of tool (real programs on a test PATH), its fallback and its error (console.md §11). */
class ClipboardTest {

    @TempDir
    Path dir;

    private final ExecutorService workers = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
    }

    /** A program on the test PATH that stores its standard input (and arguments) in out-NAME, exiting with the status. */
    private void program(String name, int status) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n{ echo \"args:$*\"; cat; } > '" + dir.resolve("out-" + name) + "'\nexit " + status + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    private String received(String name) throws Exception {
        return Files.readString(dir.resolve("out-" + name), StandardCharsets.UTF_8);
    }

    private Clipboard clipboard(Map<String, String> env) {
        List<Clipboard.Tool> tools = List.of(new Clipboard.Tool(List.of("wayland-copy"), "WAYLAND_DISPLAY"),
                new Clipboard.Tool(List.of("x-copy", "-selection", "clipboard"), "DISPLAY"),
                new Clipboard.Tool(List.of("mac-copy"), null));
        java.util.HashMap<String, String> withPath = new java.util.HashMap<>(env);
        withPath.put("PATH", dir.toString());
        return new Clipboard(workers, tools, withPath);
    }

    @Test
    void theDefaultToolsAreTheSpecsInItsOrder() {
        assertThat(Clipboard.TOOLS.stream().map(t -> String.join(" ", t.command())).toList())
                .containsExactly("wl-copy", "xclip -selection clipboard", "xsel --clipboard", "pbcopy", "clip.exe");
    }

    @Test
    void theFirstAvailableToolGetsTheText() throws Exception {
        program("wayland-copy", 0);
        program("x-copy", 0);
        assertThat(clipboard(Map.of("WAYLAND_DISPLAY", "wayland-0", "DISPLAY", ":0")).copy("h\u00e9llo\n'$x'")).isEqualTo("wayland-copy");
        assertThat(received("wayland-copy")).isEqualTo("args:\nh\u00e9llo\n'$x'");
        assertThat(dir.resolve("out-x-copy")).doesNotExist();
    }

    @Test
    void aToolWhoseDisplayIsNotSetIsPassedOver() throws Exception {
        program("wayland-copy", 0);
        program("x-copy", 0);
        assertThat(clipboard(Map.of("DISPLAY", ":0")).copy("text")).isEqualTo("x-copy");
        assertThat(received("x-copy")).isEqualTo("args:-selection clipboard\ntext");
    }

    @Test
    void aFailingToolGivesWayToTheNext() throws Exception {
        program("x-copy", 1);
        program("mac-copy", 0);
        assertThat(clipboard(Map.of("DISPLAY", ":0")).copy("text")).isEqualTo("mac-copy");
    }

    @Test
    void withoutToolsTheFrontEndsFallbackGetsTheText() throws Exception {
        Clipboard c = clipboard(Map.of());
        List<String> sunk = new ArrayList<>();
        c.setFallback(sunk::add);
        assertThat(c.copy("via terminal")).isEqualTo("terminal");
        assertThat(sunk).containsExactly("via terminal");
    }

    @Test
    void withoutToolsOrFallbackThereIsNoClipboard() {
        assertThatThrownBy(() -> clipboard(Map.of()).copy("x")).isInstanceOf(CommandException.class).hasMessage("No clipboard available.");
    }

    @Test
    void whenEveryWayFailsTheReasonsAreGiven() throws Exception {
        program("mac-copy", 3);
        Clipboard c = clipboard(Map.of());
        c.setFallback(text -> {
            throw new java.io.IOException("terminal gone");
        });
        assertThatThrownBy(() -> c.copy("x")).hasMessage("Cannot copy to the clipboard: mac-copy: exit status 3; terminal: terminal gone");
    }
}
