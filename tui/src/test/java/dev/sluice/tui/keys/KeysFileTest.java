package dev.sluice.tui.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysFileTest {

    @TempDir
    Path dir;

    @Test
    void bindingsOverrideTheDefaultsInTheirContexts() throws Exception {
        Path file = dir.resolve("keys.yaml");
        Files.writeString(file, """
                - key: f
                  cmd: console.command.set view_filter
                  ctx: [flowview]
                  help: filter from the flow view
                - key: ctrl x
                  cmd: console.exit
                """);
        KeyMap keys = DefaultKeys.create();
        KeysFile.apply(file, keys);
        assertThat(keys.lookup("flowview", "f").command()).isEqualTo("console.command.set view_filter");
        assertThat(keys.lookup("flowlist", "ctrl x").command()).isEqualTo("console.exit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- {key: a, cmd: x, colour: red}                    | Unknown key attributes: colour",
            "- {key: a, cmd: [x]}                               | Invalid type for cmd",
            "- {key: a, cmd: x, ctx: [nowhere]}                 | Unsupported context: nowhere",
            "- {key: nokey, cmd: x}                             | Unknown key name: nokey",
            "- {key: a, cmd: x}\\n- [unclosed                    | 3: "})
    void aBadFileIsRefusedWholeAndTheDefaultsStay(String yaml, String message) throws Exception {
        Path file = dir.resolve("keys.yaml");
        Files.writeString(file, "- {key: j, cmd: console.exit}\n" + yaml.replace("\\n", "\n"));
        KeyMap keys = DefaultKeys.create();
        assertThatThrownBy(() -> KeysFile.apply(file, keys)).hasMessageStartingWith(message);
        assertThat(keys.lookup("flowlist", "j").command()).isEqualTo("console.nav.down");
    }
}
