package dev.sluice.tui.keys;

import java.util.List;

/** mitmproxy's default key bindings as console.md §3 tables them; every key is a command string. */
public final class DefaultKeys {
    private DefaultKeys() {
    }

    private static final List<String> FLOWS = List.of("flowlist", "flowview");

    public static KeyMap create() {
        KeyMap k = new KeyMap();
        global(k);
        flows(k);
        others(k);
        return k;
    }

    private static void global(KeyMap k) {
        k.bind("global", ":", "console.command ", "Command prompt");
        k.bind("global", "?", "console.view.help", "View help");
        k.bind("global", "B", "browser.start", "Start an attached browser");
        k.bind("global", "C", "console.view.commands", "View commands");
        k.bind("global", "K", "console.view.keybindings", "View key bindings");
        k.bind("global", "O", "console.view.options", "View options");
        k.bind("global", "E", "console.view.eventlog", "View event log");
        k.bind("global", "Q", "console.exit", "Exit immediately");
        k.bind("global", "q", "console.view.pop", "Exit the current view");
        k.bind("global", "esc", "console.view.pop", "Exit the current view");
        k.bind("global", "H", "set console_quickhelp_visible toggle", "Show/hide the quick help bar");
        k.bind("global", "-", "console.layout.cycle", "Cycle to next layout");
        k.bind("global", "shift tab", "console.panes.next", "Focus next layout pane");
        k.bind("global", "ctrl right", "console.panes.next", "Focus next layout pane");
        k.bind("global", "ctrl left", "console.panes.prev", "Focus previous layout pane");
        k.bind("global", "P", "console.view.flow @focus", "View flow details");
        k.bind("global", "g", "console.nav.start", "Go to start");
        k.bind("global", "G", "console.nav.end", "Go to end");
        k.bind("global", "k", "console.nav.up", "Up");
        k.bind("global", "j", "console.nav.down", "Down");
        k.bind("global", "l", "console.nav.right", "Right");
        k.bind("global", "h", "console.nav.left", "Left");
        k.bind("global", "up", "console.nav.up", "Up");
        k.bind("global", "down", "console.nav.down", "Down");
        k.bind("global", "right", "console.nav.right", "Right");
        k.bind("global", "left", "console.nav.left", "Left");
        k.bind("global", "home", "console.nav.start", "Go to start");
        k.bind("global", "end", "console.nav.end", "Go to end");
        k.bind("global", "page up", "console.nav.pageup", "Page up");
        k.bind("global", "page down", "console.nav.pagedown", "Page down");
        k.bind("global", "tab", "console.nav.next", "Next");
        k.bind("global", "enter", "console.nav.select", "Select");
        k.bind("global", "space", "console.nav.pagedown", "Page down");
        k.bind("global", "ctrl f", "console.nav.pagedown", "Page down");
        k.bind("global", "ctrl b", "console.nav.pageup", "Page up");
        k.bind("global", "I", "set intercept_active toggle", "Toggle whether the filtering via the intercept option is enabled");
        k.bind("global", "i", "console.command.set intercept", "Set intercept");
        k.bind("global", "W", "console.command.set save_stream_file", "Stream to file");
    }

    private static void flows(KeyMap k) {
        k.bind("flowlist", "enter", "console.view.flow @focus", "View flow details");
        k.bind(FLOWS, "A", "flow.resume @all", "Resume all intercepted flows");
        k.bind(FLOWS, "a", "flow.resume @focus", "Resume this intercepted flow");
        k.bind(FLOWS, "b", "console.command cut.save @focus response.content ", "Save response body to file");
        k.bind(FLOWS, "d", "view.flows.remove @focus", "Delete flow from view");
        k.bind(FLOWS, "D", "view.flows.duplicate @focus", "Duplicate flow");
        k.bind(FLOWS, "e", "console.choose.cmd Part console.edit.focus.options console.edit.focus {choice}", "Edit a flow component");
        k.bind(FLOWS, "x", "console.choose.cmd Format export.formats console.command export.file {choice} @focus", "Export this flow to file");
        k.bind("flowlist", "f", "console.command.set view_filter", "Set view filter");
        k.bind("flowview", "f", "view.settings.setval.toggle @focus fullcontents", "Toggle viewing full contents on this flow");
        k.bind(FLOWS, "F", "set console_focus_follow toggle", "Set focus follow");
        k.bind(FLOWS, "ctrl l", "console.command cut.clip ", "Send cuts to clipboard");
        k.bind("flowlist", "L", "console.command view.flows.load ", "Load flows from file");
        k.bind("flowlist", "m", "flow.mark.toggle @focus", "Toggle mark on this flow");
        k.bind("flowview", "m", "console.choose.cmd Mode console.flowview.mode.options console.flowview.mode.set {choice}", "Set flow view mode");
        k.bind("flowlist", "M", "view.properties.marked.toggle", "Toggle viewing marked flows");
        k.bind("flowlist", "n", "console.command view.flows.create get https://example.com/", "Create a new flow");
        k.bind("flowlist", "o", "console.choose.cmd Order view.order.options set view_order={choice}", "Set flow list order");
        k.bind(FLOWS, "r", "replay.client @focus", "Replay this flow");
        k.bind("flowlist", "S", "console.command replay.server ", "Start server replay");
        k.bind("flowlist", "v", "set view_order_reversed toggle", "Reverse flow list order");
        k.bind("flowview", "v", "console.choose \"View Part\" request,response console.bodyview @focus {choice}", "View flow body in an external viewer");
        k.bind("flowlist", "U", "flow.mark @all false", "Un-set all marks");
        k.bind("flowlist", "w", "console.command save.file @shown ", "Save listed flows to file");
        k.bind("flowview", "w", "console.command save.file @focus ", "Save this flow to file");
        k.bind(FLOWS, "V", "flow.revert @focus", "Revert changes to this flow");
        k.bind("flowlist", "X", "flow.kill @focus", "Kill this flow");
        k.bind("flowlist", "z", "console.command.confirm \"Delete all flows\" view.flows.remove @all", "Clear flow list");
        k.bind("flowview", "z", "console.choose \"Part\" request,response flow.encode.toggle @focus {choice}", "Encode/decode flow body");
        k.bind("flowlist", "Z", "console.command.confirm \"Purge all hidden flows\" view.flows.remove @hidden", "Purge all flows not showing");
        k.bind(FLOWS, "|", "console.command script.run @focus ", "Run a script on this flow");
        k.bind(FLOWS, ";", "console.command flow.comment @focus ''", "Add comment to flow");
        k.bind("flowview", "space", "view.focus.next", "Go to next flow");
        k.bind("flowview", "p", "view.focus.prev", "Go to previous flow");
        k.bind("flowview", "/", "console.command console.flowview.search ", "Search the text of this tab");
        k.bind("flowview", "n", "console.flowview.search.next", "Next search hit");
        k.bind("flowview", "N", "console.flowview.search.prev", "Previous search hit");
    }

    private static void others(KeyMap k) {
        k.bind("options", "enter", "console.nav.select", "Edit the focused option");
        k.bind("options", "d", "console.options.reset.focus", "Reset this option");
        k.bind("options", "D", "options.reset", "Reset all options");
        k.bind("options", "L", "console.command options.load ", "Load from file");
        k.bind("options", "S", "console.command options.save ", "Save to file");
        k.bind("grideditor", "enter", "console.nav.select", "Edit the focused cell");
        k.bind("grideditor", "a", "console.grideditor.add", "Add a row after the cursor");
        k.bind("grideditor", "A", "console.grideditor.insert", "Insert a row before the cursor");
        k.bind("grideditor", "d", "console.grideditor.delete", "Delete this row");
        k.bind("grideditor", "e", "console.grideditor.editor", "Edit this cell in an external editor");
        k.bind("grideditor", "r", "console.command console.grideditor.load", "Read a file into this cell");
        k.bind("grideditor", "R", "console.command console.grideditor.load_escaped", "Read an escaped file into this cell");
        k.bind("grideditor", "w", "console.command console.grideditor.save ", "Save the grid as CSV");
        k.bind("eventlog", "z", "console.command.confirm \"Clear event log\" eventstore.clear", "Clear the event log");
        k.bind("help", "?", "console.view.pop", "Close help");
    }
}
