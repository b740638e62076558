package dev.sluice.tui.prompt;

import dev.sluice.option.Options;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.keymap.KeyMap;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The {@code :} prompt on JLine (DESIGN.md, the console and the terminal): the console loop stops
 * reading keys, JLine reads one line on the bottom row of the same, already raw terminal, and the
 * console then repaints completely. JLine brings line editing, history search and completion;
 * the parser and completer are the command language's own.
 */
public final class JLinePrompt implements Prompt {

    private static final String CANCEL = "sluice-cancel";

    private final Terminal terminal;
    private final LineReader reader;
    private final Options options;
    private final int bottomRow;
    private boolean cancelled;
    private int initialCursor;

    public JLinePrompt(Terminal terminal, History history, CommandCompleter completer, PromptHighlighter highlighter, Options options,
                       int bottomRow) {
        this.terminal = terminal;
        this.options = options;
        this.bottomRow = bottomRow;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .parser(new PromptParser())
                .completer(completer)
                .highlighter(highlighter)
                .history(history)
                .variable(LineReader.HISTORY_SIZE, PromptHistory.KEEP)
                .variable(LineReader.HISTORY_FILE_SIZE, PromptHistory.FILE_LIMIT)
                .variable(LineReader.AMBIGUOUS_BINDING, 50L)
                .variable(LineReader.LIST_MAX, 10_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.AUTO_LIST, false)
                .option(LineReader.Option.AUTO_MENU, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .option(LineReader.Option.BRACKETED_PASTE, false)
                .build();
        reader.setAutosuggestion(LineReader.SuggestionType.TAIL_TIP);
        reader.getWidgets().put(CANCEL, () -> {
            cancelled = true;
            reader.getBuffer().clear();
            reader.callWidget(LineReader.ACCEPT_LINE);
            return true;
        });
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            reader.getBuffer().cursor(initialCursor);
            return true;
        });
        KeyMap<org.jline.reader.Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        for (String map : new String[]{LineReader.MAIN, LineReader.MENU}) {
            // esc and ctrl c cancel, also while the completion menu is shown
            reader.getKeyMaps().get(map).bind(new Reference(CANCEL), KeyMap.esc());
            reader.getKeyMaps().get(map).bind(new Reference(CANCEL), KeyMap.ctrl('C'));
        }
        main.bind(new Reference(LineReader.MENU_COMPLETE), "\t");
        main.bind(new Reference(LineReader.REVERSE_MENU_COMPLETE), "\033[Z");
        // up/down browse only the entries that start with what was typed (console.md §7.3)
        for (String up : new String[]{"\033[A", "\033OA", KeyMap.ctrl('P')}) main.bind(new Reference(LineReader.HISTORY_SEARCH_BACKWARD), up);
        for (String down : new String[]{"\033[B", "\033OB", KeyMap.ctrl('N')}) main.bind(new Reference(LineReader.HISTORY_SEARCH_FORWARD), down);
    }

    @Override
    public String read(String prefill, int cursor) {
        attachHistory();
        cancelled = false;
        initialCursor = Math.max(0, Math.min(cursor, prefill.length()));
        int bottom = bottomRow();
        // JLine lists completions below the prompt line; a scroll region over the lower half keeps
        // that scrolling off the flow list, and the list is kept small enough to fit the region
        int region = Math.max(4, (bottom + 1) / 2);
        reader.setVariable(LineReader.MENU_LIST_MAX, region - 2);
        terminal.puts(Capability.change_scroll_region, bottom + 1 - region, bottom);
        terminal.puts(Capability.cursor_address, bottom, 0);
        terminal.puts(Capability.clr_eol);
        terminal.puts(Capability.cursor_visible);
        terminal.flush();
        SignalHandlers handlers = SignalHandlers.save();
        try {
            String line = reader.readLine(":", null, (org.jline.reader.MaskingCallback) null, prefill);
            return cancelled ? null : line;
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        } finally {
            terminal.puts(Capability.change_scroll_region, 0, bottom);
            terminal.flush();
            handlers.restore();
            secureHistory();
        }
    }

    private int bottomRow() {
        int rows = terminal.getHeight();
        return rows > 0 ? rows - 1 : bottomRow;
    }

    /** Persists history in the confdir while {@code command_history} is on; memory only otherwise. */
    private void attachHistory() {
        boolean persist = options.bool("command_history");
        Object current = reader.getVariable(LineReader.HISTORY_FILE);
        Path file = persist ? PromptHistory.file(Paths.expand(options.str("confdir"))) : null;
        if (file == null ? current == null : file.equals(current)) return;
        if (file != null) PromptHistory.secure(file);
        reader.setVariable(LineReader.HISTORY_FILE, file);
        reader.getHistory().attach(reader);
    }

    private void secureHistory() {
        Object file = reader.getVariable(LineReader.HISTORY_FILE);
        if (file instanceof Path p) PromptHistory.secure(p);
    }

    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
