package dev.sluice.tui;

import static dev.sluice.command.ArgType.ARG;
import static dev.sluice.command.ArgType.BOOL;
import static dev.sluice.command.ArgType.CHOICE;
import static dev.sluice.command.ArgType.CMD;
import static dev.sluice.command.ArgType.FLOW;
import static dev.sluice.command.ArgType.FLOWS;
import static dev.sluice.command.ArgType.INT;
import static dev.sluice.command.ArgType.PATH;
import static dev.sluice.command.ArgType.STR;
import static dev.sluice.command.ArgType.STRS;

import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.filter.FlowSpec;
import dev.sluice.flow.Body;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.ServerConn;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.OptionType;
import dev.sluice.option.Options;
import dev.sluice.tui.content.ContentViews;
import dev.sluice.tui.keys.KeyMap;
import dev.sluice.tui.keys.KeysFile;
import dev.sluice.tui.screen.Nav;
import dev.sluice.tui.view.FlowView;
import dev.sluice.tui.view.ViewOrder;
import dev.sluice.tui.windows.FlowDetailWindow;
import dev.sluice.tui.windows.OptionsWindow;
import dev.sluice.tui.windows.ReferenceWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console's commands (console.md §8: Console and View), registered in the one registry that
 * keys and the prompt share. They act on the {@link Console} and run on the console thread.
 */
public final class ConsoleCommands {

    private static final long HUGE_BODY = 50L << 20;

    private final Console console;
    private final CommandRegistry registry;

    private ConsoleCommands(Console console) {
        this.console = console;
        this.registry = console.sluice().commands();
    }

    public static ConsoleCommands register(Console console) {
        ConsoleCommands c = new ConsoleCommands(console);
        c.prompt();
        c.views();
        c.navigation();
        c.keys();
        c.flowView();
        c.view();
        return c;
    }

    // ---- helpers ----

    private static Command.Param p(String name, ArgType type) {
        return Command.Param.of(name, type);
    }

    private static Command.Param rest(String name, ArgType type) {
        return Command.Param.variadic(name, type);
    }

    private void add(String name, List<Command.Param> params, String returns, String help, Command.Body body) {
        registry.register(new Command(name, params, returns, help, body));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Flow> flowList(Object o) {
        return (List<Flow>) o;
    }

    /** Quotes a value for the prompt so the lexer gives it back unchanged (console.md §7.1). */
    public static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '\'' || ch == '"' || ch == '\\')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * The prompt line that sets an option to what it is now ({@code set name 'value'}, the cursor
     * before the closing quote; list items quoted one by one), so enter alone changes nothing.
     */
    Console.PromptRequest setLine(String name, boolean keepOnError) throws CommandException {
        OptionSpec spec = console.options().spec(name);
        if (spec == null) throw new CommandException("Unknown option: " + name);
        Object value = console.options().get(name);
        if (spec.type() == OptionType.LIST) {
            StringBuilder line = new StringBuilder("set " + name);
            for (String item : strings(value)) line.append(' ').append(quote(item));
            return new Console.PromptRequest(line.toString(), line.length(), keepOnError);
        }
        String text = "set " + name + " '" + Options.format(value).replace("\\", "\\\\").replace("'", "\\'") + "'";
        return new Console.PromptRequest(text, text.length() - 1, keepOnError);
    }

    private static List<String> withChoice(List<String> args, String choice) {
        List<String> out = new ArrayList<>();
        for (String a : args) out.add(a.replace("{choice}", choice));
        return out;
    }

    // ---- prompt, questions, choosers ----

    private void prompt() {
        add("console.command", List.of(rest("cmd", ARG)), null, "Prompt the user to edit a command with a (possibly empty) starting value.",
                args -> {
                    List<String> parts = new ArrayList<>();
                    for (String a : strings(args.get(0))) parts.add(quote(a));
                    String text = String.join(" ", parts);
                    console.openPrompt(text.isEmpty() ? "" : text + " ", -1);
                    return null;
                });
        add("console.command.set", List.of(p("option", STR)), null, "Prompt the user to set an option.",
                args -> {
                    Console.PromptRequest line = setLine((String) args.get(0), false);
                    console.openPrompt(line.text(), line.cursor());
                    return null;
                });
        add("console.command.confirm", List.of(p("prompt", STR), p("cmd", CMD), rest("args", ARG)), null,
                "Ask for confirmation, then run the command.",
                args -> {
                    String cmd = (String) args.get(1);
                    List<String> rest = strings(args.get(2));
                    console.ask((String) args.get(0), () -> console.call(cmd, rest));
                    return null;
                });
        add("console.choose", List.of(p("prompt", STR), p("choices", STRS), p("cmd", CMD), rest("args", ARG)), null,
                "Choose from a list, then run the command with {choice} replaced.",
                args -> {
                    String cmd = (String) args.get(2);
                    List<String> rest = strings(args.get(3));
                    console.choose((String) args.get(0), strings(args.get(1)), choice -> console.call(cmd, withChoice(rest, choice)));
                    return null;
                });
        add("console.choose.cmd", List.of(p("prompt", STR), p("choicecmd", CMD), p("subcmd", CMD), rest("args", ARG)), null,
                "Choose from the list a command returns, then run the command with {choice} replaced.",
                args -> {
                    Object choices = registry.call((String) args.get(1), List.of());
                    if (!(choices instanceof List<?> list)) throw new CommandException("Command " + args.get(1) + " returns no list");
                    List<String> names = list.stream().map(String::valueOf).toList();
                    String cmd = (String) args.get(2);
                    List<String> rest = strings(args.get(3));
                    console.choose((String) args.get(0), names, choice -> console.call(cmd, withChoice(rest, choice)));
                    return null;
                });
        add("console.exit", List.of(), null, "Exit Sluice.", args -> {
            console.exit();
            return null;
        });
    }

    // ---- windows and panes ----

    private void views() {
        add("console.view.pop", List.of(), null, "Pop a view off the console stack.", args -> {
            console.pop();
            return null;
        });
        add("console.view.help", List.of(), null, "View help.", args -> {
            console.push(ReferenceWindows.help(console, console.focusedWindow().context()));
            return null;
        });
        add("console.view.options", List.of(), null, "View options.", args -> {
            console.push(new OptionsWindow(console));
            return null;
        });
        add("console.view.eventlog", List.of(), null, "View the event log.", args -> {
            console.push(new dev.sluice.tui.windows.EventLogWindow(console));
            return null;
        });
        add("console.view.commands", List.of(), null, "View the commands list.", args -> {
            console.push(ReferenceWindows.commands(console));
            return null;
        });
        add("console.view.keybindings", List.of(), null, "View the key bindings list.", args -> {
            console.push(ReferenceWindows.keyBindings(console));
            return null;
        });
        add("console.view.flow", List.of(p("flow", FLOW)), null, "View a flow's details.", args -> {
            console.view().focus((Flow) args.get(0));
            if (!(console.focusedWindow() instanceof FlowDetailWindow)) console.push(new FlowDetailWindow(console));
            return null;
        });
        add("console.layout.options", List.of(), "str[]", "Returns the available layout options.", args -> Console.LAYOUTS);
        add("console.layout.cycle", List.of(), null, "Cycle through the console layout options.", args -> {
            console.cycleLayout();
            return null;
        });
        add("console.panes.next", List.of(), null, "Go to the next layout pane.", args -> {
            console.focusPane(1);
            return null;
        });
        add("console.panes.prev", List.of(), null, "Go to the previous layout pane.", args -> {
            console.focusPane(-1);
            return null;
        });
        add("console.options.reset.focus", List.of(), null, "Reset the option under the cursor.", args -> {
            if (console.focusedWindow() instanceof OptionsWindow w && w.focusedOption() != null) {
                registry.call("options.reset.one", List.of(w.focusedOption().name()));
            }
            return null;
        });
        add("eventstore.clear", List.of(), null, "Clear the event log.", args -> {
            console.eventStore().clear();
            return null;
        });
    }

    private void navigation() {
        for (Nav nav : Nav.values()) {
            String word = nav.name().toLowerCase(Locale.ROOT).replace("_", "");
            add("console.nav." + word, List.of(), null, "Navigate: " + word + ".", args -> {
                console.focusedWindow().navigate(nav);
                return null;
            });
        }
        add("console.nav.select", List.of(), null, "Select the focused item.", args -> {
            console.focusedWindow().select();
            return null;
        });
    }

    // ---- key bindings ----

    private void keys() {
        KeyMap keys = console.keys();
        add("console.key.contexts", List.of(), "str[]", "The available contexts for key binding.", args -> KeyMap.CONTEXTS);
        add("console.key.bind", List.of(p("contexts", STRS), p("key", STR), p("cmd", CMD), rest("args", ARG)), null,
                "Bind a shortcut key.", args -> {
                    StringBuilder cmd = new StringBuilder((String) args.get(2));
                    for (String a : strings(args.get(3))) cmd.append(' ').append(quote(a));
                    try {
                        keys.bind(strings(args.get(0)), (String) args.get(1), cmd.toString(), null);
                    } catch (IllegalArgumentException e) {
                        throw new CommandException(e.getMessage());
                    }
                    return null;
                });
        add("console.key.unbind", List.of(p("contexts", STRS), p("key", STR)), null, "Un-bind a shortcut key.", args -> {
            keys.unbind(strings(args.get(0)), (String) args.get(1));
            return null;
        });
        add("console.keymap.load", List.of(p("path", PATH)), null, "Load key bindings from a YAML file.", args -> {
            try {
                KeysFile.apply(dev.sluice.option.Paths.expand((String) args.get(0)), keys);
            } catch (KeysFile.KeysFileException e) {
                throw new CommandException(e.getMessage());
            }
            return null;
        });
    }

    // ---- the flow view ----

    private FlowDetailWindow detailWindow() throws CommandException {
        if (console.focusedWindow() instanceof FlowDetailWindow w) return w;
        throw new CommandException("Not viewing a flow.");
    }

    private void flowView() {
        add("console.flowview.mode", List.of(), "str", "Get the display mode for the current flow view.", args -> detailWindow().mode());
        add("console.flowview.search", List.of(p("text", STR)), null, "Search the current tab of the flow view for text.", args -> {
            if (!detailWindow().search((String) args.get(0), true)) console.message("Search not found.");
            return null;
        });
        add("console.flowview.search.next", List.of(), null, "Go to the next search hit.", args -> {
            if (!detailWindow().search(null, true)) console.message("Search not found.");
            return null;
        });
        add("console.flowview.search.prev", List.of(), null, "Go to the previous search hit.", args -> {
            if (!detailWindow().search(null, false)) console.message("Search not found.");
            return null;
        });
        add("console.flowview.mode.options", List.of(), "str[]", "Returns the valid options for the flowview mode.", args -> ContentViews.NAMES);
        add("console.flowview.mode.set", List.of(p("mode", CHOICE)), null, "Set the display mode for the current flow view.", args -> {
            FlowDetailWindow w = detailWindow();
            String mode = (String) args.get(0);
            if (!ContentViews.NAMES.contains(mode)) throw new CommandException("Invalid flowview mode: " + mode);
            if (w.flow() != null) console.setFlowSetting(w.flow(), "mode." + w.tab().name().toLowerCase(Locale.ROOT), mode);
            return null;
        });
    }

    // ---- the view ----

    private void view() {
        FlowView view = console.view();
        add("view.focus.next", List.of(), null, "Set focus to the next flow.", args -> {
            view.focusNext();
            return null;
        });
        add("view.focus.prev", List.of(), null, "Set focus to the previous flow.", args -> {
            view.focusPrev();
            return null;
        });
        add("view.focus.go", List.of(p("offset", INT)), null, "Go to a specified offset; negative offsets count from the end.", args -> {
            long offset = (Long) args.get(0);
            view.focus((int) (offset < 0 ? view.size() + offset : offset));
            return null;
        });
        add("view.order", List.of(), "str", "Returns the current view order.", args -> view.order().word());
        add("view.order.options", List.of(), "str[]", "A list of all the orders we support.", args -> ViewOrder.NAMES);
        add("view.order.set", List.of(p("key", STR)), null, "Sets the current view order.", args -> {
            console.sluice().commands().set("view_order=" + args.get(0), List.of());
            return null;
        });
        add("view.order.reverse", List.of(p("value", BOOL)), null, "Reverse the view order.", args -> {
            console.sluice().commands().set("view_order_reversed=" + args.get(0), List.of());
            return null;
        });
        add("view.filter.set", List.of(p("filter", STR)), null, "Sets the view filter (empty clears it).", args -> {
            console.sluice().commands().set("view_filter=" + args.get(0), List.of());
            return null;
        });
        add("view.properties.length", List.of(), "int", "Returns the number of flows shown.", args -> (long) view.size());
        add("view.properties.marked", List.of(), "bool", "Whether only marked flows are shown.", args -> view.markedOnly());
        add("view.properties.marked.toggle", List.of(), null, "Toggle showing only marked flows.", args -> {
            view.setMarkedOnly(!view.markedOnly());
            return null;
        });
        add("view.properties.inbounds", List.of(p("index", INT)), "bool", "Is this 0 <= index < len(view)?", args -> {
            long i = (Long) args.get(0);
            return i >= 0 && i < view.size();
        });
        add("view.clear", List.of(), null, "Clears both the store and view.", args -> {
            for (Flow f : view.stored()) console.sluice().flows().remove(f);
            return null;
        });
        add("view.clear_unmarked", List.of(), null, "Clears only the unmarked flows.", args -> {
            for (Flow f : view.stored()) if (f.marked().isEmpty()) console.sluice().flows().remove(f);
            return null;
        });
        add("view.flows.duplicate", List.of(p("flows", FLOWS)), null, "Duplicates the flows and focuses the last copy.", args -> {
            Flow last = null;
            for (Flow f : flowList(args.get(0))) {
                last = f.copy();
                console.sluice().flows().add(last);
            }
            console.drain();
            if (last != null) view.focus(last);
            console.sluice().log().alert("Duplicated " + flowList(args.get(0)).size() + " flows");
            return null;
        });
        add("view.flows.create", List.of(p("method", STR), p("url", STR)), null, "Create a new flow.", args -> {
            Request r;
            try {
                r = Request.make(((String) args.get(0)).toUpperCase(Locale.ROOT), (String) args.get(1), null, Body.EMPTY);
            } catch (IllegalArgumentException e) {
                throw new CommandException("Invalid URL: " + args.get(1));
            }
            r.setTimestampStart(Flow.now());
            Flow f = new Flow(null, new ServerConn(r.host(), r.port()), r, false);
            console.sluice().flows().add(f);
            console.drain();
            view.focus(f);
            return null;
        });
        add("view.flows.resolve", List.of(p("spec", STR)), "flow[]", "Resolve a flow list specification to a list of flows.",
                args -> {
                    try {
                        return FlowSpec.parse((String) args.get(0)).resolve(view);
                    } catch (IllegalArgumentException e) {
                        throw new CommandException(e.getMessage());
                    }
                });
        add("view.settings.getval", List.of(p("flow", FLOW), p("key", STR), p("default", STR)), "str", "Get a value from the settings store for the flow.",
                args -> console.flowSetting((Flow) args.get(0), (String) args.get(1), (String) args.get(2)));
        add("view.settings.setval", List.of(p("flows", FLOWS), p("key", STR), p("value", STR)), null, "Set a value in the settings store for the flows.",
                args -> {
                    for (Flow f : flowList(args.get(0))) console.setFlowSetting(f, (String) args.get(1), (String) args.get(2));
                    return null;
                });
        add("view.settings.setval.toggle", List.of(p("flows", FLOWS), p("key", STR)), null, "Toggle a boolean value in the settings store.",
                args -> {
                    String key = (String) args.get(1);
                    for (Flow f : flowList(args.get(0))) toggleSetting(f, key);
                    return null;
                });
    }

    /** Toggles a per-flow switch; showing the whole of a body over 50 MiB asks first (a huge body can freeze the screen). */
    private void toggleSetting(Flow f, String key) {
        boolean on = Boolean.parseBoolean(console.flowSetting(f, key, "false"));
        Runnable flip = () -> console.setFlowSetting(f, key, Boolean.toString(!on));
        long biggest = Math.max(f.request() == null ? 0 : f.request().bodySize(), f.response() == null ? 0 : f.response().bodySize());
        if (key.equals("fullcontents") && !on && biggest > HUGE_BODY) {
            console.ask("Show all " + dev.sluice.option.Sizes.format(biggest) + " of this body", flip);
        } else {
            flip.run();
        }
    }
}
