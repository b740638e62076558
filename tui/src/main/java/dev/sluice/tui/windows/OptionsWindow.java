package dev.sluice.tui.windows;

import dev.sluice.option.OptionSpec;
import dev.sluice.option.OptionType;
import dev.sluice.option.Options;
import dev.sluice.tui.Console;
import dev.sluice.tui.grid.GridEditorWindow;
import dev.sluice.tui.grid.OptionListTarget;
import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.ListWindow;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * The options screen (console.md §9): every option with its value, changed ones highlighted, and
 * a help box for the focused one. Edits go through {@code set}, the same transaction as the prompt.
 */
public final class OptionsWindow extends ListWindow {

    private static final int HELP_ROWS = 6;

    private final Console console;
    private int focus;

    public OptionsWindow(Console console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "Options";
    }

    @Override
    public String context() {
        return "options";
    }

    @Override
    public List<String> quickHelp() {
        return List.of("enter:edit", "d:reset", "D:reset all", "q:back", "?:help");
    }

    private List<OptionSpec> specs() {
        return console.options().sortedSpecs();
    }

    public OptionSpec focusedOption() {
        List<OptionSpec> specs = specs();
        return specs.isEmpty() ? null : specs.get(Math.min(focus, specs.size() - 1));
    }

    @Override
    protected int count() {
        return specs().size();
    }

    @Override
    protected int focus() {
        return focus;
    }

    @Override
    protected void setFocus(int index) {
        focus = index;
    }

    @Override
    public void draw(Canvas c) {
        int helpRows = c.height() > HELP_ROWS * 2 ? HELP_ROWS : 0;
        super.draw(c.region(0, 0, c.width(), c.height() - helpRows));
        if (helpRows > 0) drawHelp(c.region(0, c.height() - helpRows, c.width(), helpRows));
    }

    @Override
    protected void drawItem(Canvas c, int index, int row, boolean focused) {
        OptionSpec s = specs().get(index);
        Options o = console.options();
        int nameCells = Math.min(32, c.width() / 2);
        c.fill(row, Role.NORMAL);
        c.text(0, row, (focused ? c.glyphs().focus() : "  ") + " " + s.name(), focused ? Role.FOCUS : Role.NORMAL, nameCells);
        c.text(nameCells + 1, row, Options.format(o.get(s.name())), o.isDefault(s.name()) ? Role.NORMAL : Role.CHANGED);
    }

    private void drawHelp(Canvas c) {
        OptionSpec s = focusedOption();
        c.fill(0, Role.STATUS_BAR);
        if (s == null) return;
        c.text(1, 0, s.name() + " — " + s.typeText() + ", default: " + Options.format(s.defaultValue()), Role.STATUS_BAR);
        List<List<TerminalText.Segment>> rows = new ArrayList<>();
        for (String line : s.help().split("\n")) rows.addAll(TerminalText.wrap(line, Math.max(1, c.width() - 2)));
        for (int i = 1; i < c.height(); i++) {
            c.fill(i, Role.NORMAL);
            if (i - 1 < rows.size()) c.segments(1, i, rows.get(i - 1), Role.DIM);
        }
    }

    /**
     * Enter: toggles a bool, offers the choices of a choice, opens a list in a one-column grid,
     * otherwise edits the value on the prompt line; a refused value stays for correction.
     */
    @Override
    public void select() {
        OptionSpec s = focusedOption();
        if (s == null) return;
        if (s.type() == OptionType.BOOL) {
            console.run("set " + s.name() + " toggle");
        } else if (s.type() == OptionType.LIST) {
            console.push(new GridEditorWindow(console, new OptionListTarget(console.options(), s.name())));
        } else if (s.type() == OptionType.CHOICE) {
            console.choose(s.name(), s.choices(), choice -> console.call("set", List.of(s.name() + "=" + choice)));
        } else {
            console.editOption(s.name());
        }
    }
}
