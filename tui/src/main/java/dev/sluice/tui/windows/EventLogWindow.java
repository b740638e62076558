package dev.sluice.tui.windows;

import dev.sluice.log.Level;
import dev.sluice.log.LogEntry;
import dev.sluice.tui.Console;
import dev.sluice.tui.screen.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The event log (key {@code E}): entries at or above {@code console_eventlog_verbosity}, newest last. */
public final class EventLogWindow extends TextWindow {

    public EventLogWindow(Console console) {
        super("Events", "eventlog", () -> lines(console), true);
    }

    private static List<Line> lines(Console console) {
        Level verbosity = Level.valueOf(console.options().str("console_eventlog_verbosity").toUpperCase(Locale.ROOT));
        List<Line> out = new ArrayList<>();
        for (LogEntry e : console.eventStore().entries()) {
            if (!e.level().shownAt(verbosity)) continue;
            Role role = e.level() == Level.ERROR ? Role.ERROR : e.level() == Level.WARN ? Role.WARN : Role.NORMAL;
            String prefix = e.level().word() + ": " + (e.client() != null ? e.client() + ": " : "");
            for (String line : e.message().split("\n", -1)) {
                out.add(new Line(prefix + line, role));
                prefix = "    ";
            }
        }
        return out;
    }

    @Override
    public List<String> quickHelp() {
        return List.of("q:back", "z:clear", "?:help");
    }
}
