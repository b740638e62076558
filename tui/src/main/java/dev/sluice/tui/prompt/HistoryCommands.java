package dev.sluice.tui.prompt;

import static dev.sluice.command.ArgType.STR;

import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.History;

/**
 * The {@code commands.history.*} commands (console.md §8) over the prompt's own JLine history, so
 * what they list is what {@code up} browses: add, get, clear, and a prefix filter with next/prev.
 */
public final class HistoryCommands {

    private final History history;
    private String prefix = "";
    /** Index into the filtered entries; equal to their count when past the newest. */
    private int cursor = Integer.MAX_VALUE;

    private HistoryCommands(History history) {
        this.history = history;
    }

    public static void register(CommandRegistry registry, History history) {
        HistoryCommands h = new HistoryCommands(history);
        registry.register(new Command("commands.history.add", List.of(Command.Param.of("cmd", STR)), null,
                "Add a command to the command history.", args -> {
                    history.add((String) args.get(0));
                    return null;
                }));
        registry.register(new Command("commands.history.get", List.of(), "str[]", "Get the entire command history.",
                args -> h.entries("")));
        registry.register(new Command("commands.history.clear", List.of(), null, "Clear the command history.", args -> {
            try {
                history.purge();
            } catch (IOException e) {
                throw new CommandException("Cannot clear the command history: " + e.getMessage());
            }
            return null;
        }));
        registry.register(new Command("commands.history.filter", List.of(Command.Param.of("prefix", STR)), null,
                "Browse only the entries that start with a prefix.", args -> {
                    h.prefix = (String) args.get(0);
                    h.cursor = Integer.MAX_VALUE;
                    return null;
                }));
        registry.register(new Command("commands.history.prev", List.of(), "str", "The previous matching entry.",
                args -> h.step(-1)));
        registry.register(new Command("commands.history.next", List.of(), "str", "The next matching entry.",
                args -> h.step(1)));
    }

    private List<String> entries(String start) {
        List<String> out = new ArrayList<>();
        for (History.Entry e : history) if (e.line().startsWith(start)) out.add(e.line());
        return out;
    }

    private String step(int direction) {
        List<String> matching = entries(prefix);
        cursor = Math.max(-1, Math.min(Math.min(cursor, matching.size()) + direction, matching.size()));
        return cursor >= 0 && cursor < matching.size() ? matching.get(cursor) : "";
    }
}
