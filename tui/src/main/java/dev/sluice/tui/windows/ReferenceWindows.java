package dev.sluice.tui.windows;

import dev.sluice.command.Command;
import dev.sluice.tui.Console;
import dev.sluice.tui.keys.KeyMap;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.windows.TextWindow.Line;
import java.util.ArrayList;
import java.util.List;

/** Help, the command browser and the key binding browser: text generated from the key map and registry. */
public final class ReferenceWindows {
    private ReferenceWindows() {
    }

    /** Help for the window below it: its context's bindings, then the global ones (console.md §3). */
    public static TextWindow help(Console console, String context) {
        return new TextWindow("Help", "help", () -> helpLines(console.keys(), context), false);
    }

    static List<Line> helpLines(KeyMap keys, String context) {
        List<Line> out = new ArrayList<>();
        if (!context.equals("global")) section(out, "Key bindings for this view (" + context + ")", keys.bindings(context));
        section(out, "Global key bindings", keys.bindings("global"));
        return out;
    }

    private static void section(List<Line> out, String title, List<KeyMap.Binding> bindings) {
        out.add(new Line(title, Role.TITLE));
        for (KeyMap.Binding b : bindings) {
            out.add(Line.of(String.format("  %-11s %s", b.key(), b.help() == null ? "" : b.help())));
            out.add(new Line(String.format("  %-11s %s", "", b.command()), Role.DIM));
        }
        out.add(Line.of(""));
    }

    public static TextWindow commands(Console console) {
        return new TextWindow("Commands", "commands", () -> {
            List<Line> out = new ArrayList<>();
            for (Command c : console.sluice().commands().all()) {
                out.add(new Line(c.signature(), Role.TITLE));
                out.add(Line.of("    " + c.help()));
            }
            return out;
        }, false);
    }

    public static TextWindow keyBindings(Console console) {
        return new TextWindow("Key Bindings", "keybindings", () -> {
            List<Line> out = new ArrayList<>();
            for (KeyMap.Binding b : console.keys().all()) {
                out.add(Line.of(String.format("%-11s %-11s %s", b.key(), b.context(), b.command())));
            }
            return out;
        }, false);
    }
}
