package dev.sluice.tui.windows;

import dev.sluice.tui.Console;
import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.FlowRows;
import dev.sluice.tui.screen.ListWindow;
import dev.sluice.tui.view.FlowView;
import java.util.List;

/**
 * The flow list (console.md §4): one row per flow in table layout, two in list layout (the
 * default below 100 columns). Only the visible rows are formatted and drawn.
 */
public final class FlowListWindow extends ListWindow {

    private final Console console;
    private boolean listLayout;

    public FlowListWindow(Console console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "Flows";
    }

    @Override
    public String context() {
        return "flowlist";
    }

    @Override
    public List<String> quickHelp() {
        return List.of("enter:open", "f:filter", "m:mark", "d:delete", "r:replay", "x:export", ":cmd", "?:help");
    }

    @Override
    protected int count() {
        return console.view().size();
    }

    @Override
    protected int focus() {
        return console.view().focusIndex();
    }

    @Override
    protected void setFocus(int index) {
        console.view().focus(index);
    }

    @Override
    protected int itemHeight() {
        return listLayout ? 2 : 1;
    }

    @Override
    public void draw(Canvas canvas) {
        String layout = console.options().str("console_flowlist_layout");
        listLayout = layout.equals("list") || (layout.equals("default") && canvas.width() < 100);
        super.draw(canvas);
    }

    @Override
    protected void drawItem(Canvas canvas, int index, int row, boolean focused) {
        FlowView view = console.view();
        boolean showhost = console.options().bool("showhost");
        if (listLayout) FlowRows.drawListRows(canvas, row, view.get(index), focused, showhost);
        else FlowRows.drawTableRow(canvas, row, view.get(index), focused ? canvas.glyphs().focus() : "  ", focused, showhost);
    }

    @Override
    public void select() {
        console.run("console.view.flow @focus");
    }
}
