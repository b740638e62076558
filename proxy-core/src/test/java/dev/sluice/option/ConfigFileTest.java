package dev.sluice.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;
    private Options options;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        options = new Options();
        options.register(OptionSpec.integer("flow_detail", 1, "detail"));
        options.register(OptionSpec.list("map_local", List.of(), "rules"));
        options.register(OptionSpec.optionalStr("proxyauth", "auth"));
    }

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsScalarsListsAndNulls() throws Exception {
        Path f = write("flow_detail: 0\nmap_local:\n  - '|a|/x'\n  - '|b|/y'\nproxyauth: null\n");
        options.setTextual(ConfigFile.read(f, options, warnings::add));
        assertThat(options.integer("flow_detail")).isZero();
        assertThat(options.list("map_local")).containsExactly("|a|/x", "|b|/y");
        assertThat(options.str("proxyauth")).isNull();
    }

    @Test
    void aScalarWhereAListIsExpectedIsOneItem() throws Exception {
        Path f = write("map_local: '|a|/x'\n");
        options.setTextual(ConfigFile.read(f, options, warnings::add));
        assertThat(options.list("map_local")).containsExactly("|a|/x");
    }

    @Test
    void unknownNamesAreWarningsNotErrors() throws Exception {
        Path f = write("web_port: 8081\nflow_detail: 2\n");
        options.setTextual(ConfigFile.read(f, options, warnings::add));
        assertThat(warnings).containsExactly(f + ": ignoring unknown option web_port");
        assertThat(options.integer("flow_detail")).isEqualTo(2);
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() throws Exception {
        Path f = write("flow_detail: 1\nmap_local: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.read(f, options, warnings::add))
                .hasMessageStartingWith("Config error in " + f + " at line ");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() throws Exception {
        Path f = write("- just\n- a list\n");
        assertThatThrownBy(() -> ConfigFile.read(f, options, warnings::add))
                .hasMessage("Config error in " + f + ": expected a mapping of option names to values");
    }

    @Test
    void aMissingFileIsNotAnError() throws Exception {
        assertThat(ConfigFile.read(dir.resolve("config.yml"), options, warnings::add)).isEmpty();
    }
}
