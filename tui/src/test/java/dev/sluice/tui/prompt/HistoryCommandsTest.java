package dev.sluice.tui.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.tui.ConsoleFixture;
import org.jline.reader.impl.history.DefaultHistory;
import org.junit.jupiter.api.Test;

class HistoryCommandsTest {

    @Test
    void addGetFilterBrowseAndClear() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            HistoryCommands.register(f.sluice.commands(), new DefaultHistory());
            var commands = f.sluice.commands();
            for (String line : new String[]{"set view_filter=a", "flow.mark @focus true", "set view_order=url"}) {
                commands.execute("commands.history.add " + dev.sluice.tui.ConsoleCommands.quote(line));
            }
            assertThat(commands.execute("commands.history.get"))
                    .isEqualTo(java.util.List.of("set view_filter=a", "flow.mark @focus true", "set view_order=url"));
            commands.execute("commands.history.filter set");
            assertThat(commands.execute("commands.history.prev")).isEqualTo("set view_order=url");
            assertThat(commands.execute("commands.history.prev")).isEqualTo("set view_filter=a");
            assertThat(commands.execute("commands.history.prev")).isEqualTo("");
            assertThat(commands.execute("commands.history.next")).isEqualTo("set view_filter=a");
            commands.execute("commands.history.clear");
            assertThat(commands.execute("commands.history.get")).isEqualTo(java.util.List.of());
        }
    }
}
