package dev.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.log.LogEntry;
import dev.sluice.option.OptionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** options.save and options.load in the config.yaml format (console.md §8, options-and-patterns.md §4). */
class OptionsFileCommandsTest {

    @TempDir
    Path dir;

    private final List<LogEntry> log = new CopyOnWriteArrayList<>();

    private Sluice sluice() {
        Sluice s = new Sluice(true);
        s.options().register(OptionSpec.list("block_list", List.of(), "rules"));
        s.options().register(OptionSpec.bool("anticache", false, "strip cache headers"));
        s.options().register(OptionSpec.integer("listen_port", 8080, "port"));
        s.options().register(OptionSpec.optionalStr("stickycookie", "filter"));
        s.log().addListener(log::add);
        return s;
    }

    @Test
    void savedOptionsLoadBackIntoAnotherSession() throws Exception {
        Sluice first = sluice();
        first.commands().execute("set block_list ':~d a.test:404' '|b: c|403'");
        first.commands().execute("set listen_port=9090");
        first.commands().execute("set stickycookie=~d x.test");
        Path file = dir.resolve("opts.yaml");
        first.commands().execute("options.save " + file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String yaml = Files.readString(file);
        assertThat(yaml).contains("listen_port: 9090").doesNotContain("anticache");

        Sluice second = sluice();
        second.commands().execute("options.load " + file);
        assertThat(second.options().list("block_list")).containsExactly(":~d a.test:404", "|b: c|403");
        assertThat(second.options().integer("listen_port")).isEqualTo(9090);
        assertThat(second.options().str("stickycookie")).isEqualTo("~d x.test");
        assertThat(second.options().bool("anticache")).isFalse();
    }

    @Test
    void savingKeepsOtherEntriesAndDropsOptionsBackAtTheirDefault() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "mitmproxy_only: 1\nanticache: true\n");
        Sluice s = sluice();
        s.commands().execute("options.save " + file);
        assertThat(Files.readString(file)).isEqualTo("mitmproxy_only: 1\n");
    }

    @Test
    void aBadFileChangesNothing() throws Exception {
        Sluice s = sluice();
        s.commands().execute("set listen_port=9000");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "listen_port: 7000\nanticache: maybe\n");
        assertThatThrownBy(() -> s.commands().execute("options.load " + file)).isInstanceOf(CommandException.class)
                .hasMessageContaining("anticache");
        assertThat(s.options().integer("listen_port")).isEqualTo(9000);
        Files.writeString(file, "listen_port: [\n");
        assertThatThrownBy(() -> s.commands().execute("options.load " + file)).hasMessageStartingWith("Config error in " + file);
        assertThatThrownBy(() -> s.commands().execute("options.load " + dir.resolve("missing.yaml")))
                .hasMessage("No such file: " + dir.resolve("missing.yaml"));
    }

    @Test
    void unknownNamesInALoadedFileAreWarningsAndTheRestApplies() throws Exception {
        Sluice s = sluice();
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, "web_port: 8081\nanticache: true\n");
        s.commands().execute("options.load " + file);
        assertThat(s.options().bool("anticache")).isTrue();
        assertThat(log).anyMatch(e -> e.message().equals(file + ": ignoring unknown option web_port"));
    }
}
