package dev.sluice.command;

import dev.sluice.Sluice;
import dev.sluice.filter.FlowSpec;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.OptionType;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one registry of commands, shared by the console's keys and prompt and by {@code sluicedump}.
 * Arguments are converted by type; flow specifications go through a {@link FlowResolver} that the
 * view supplies.
 */
public final class CommandRegistry {

    private static final Pattern MARKER = Pattern.compile(":[a-z0-9_+-]+:|[0-9A-Za-z]");

    private final Sluice sluice;
    private final Map<String, Command> commands = new TreeMap<>();
    private volatile FlowSpec.Context view;

    public CommandRegistry(Sluice sluice) {
        this.sluice = sluice;
        this.view = new StoreContext(sluice);
        registerCore();
    }

    /** The view flow specifications resolve against ({@code @focus}, {@code @shown}); the console sets its own. */
    public void setView(FlowSpec.Context view) {
        this.view = view;
    }

    /** Registers the command; returns the one it replaces under that name, or null. */
    public synchronized Command register(Command c) {
        return commands.put(c.name(), c);
    }

    /**
     * Takes a command away, or gives back the one it replaced ({@code previous}, possibly null);
     * nothing happens when another command has taken the name since.
     */
    public synchronized void withdraw(Command c, Command previous) {
        if (commands.get(c.name()) != c) return;
        if (previous == null) commands.remove(c.name());
        else commands.put(previous.name(), previous);
    }

    /** Registers a command built from its parts. */
    public void register(String name, List<Command.Param> params, String returns, String help, Command.Body body) {
        register(new Command(name, params, returns, help, body));
    }

    /** A converted {@code flow[]} argument. */
    @SuppressWarnings("unchecked")
    public static List<Flow> flowsArg(Object converted) {
        return (List<Flow>) converted;
    }

    public synchronized Command get(String name) {
        return commands.get(name);
    }

    public synchronized List<Command> all() {
        return List.copyOf(commands.values());
    }

    /** Lexes and runs one prompt line. */
    public Object execute(String line) throws CommandException {
        List<String> tokens = CommandLexer.split(line);
        if (tokens.isEmpty()) throw new CommandException("Empty command");
        return call(tokens.get(0), tokens.subList(1, tokens.size()));
    }

    public Object call(String name, List<String> args) throws CommandException {
        Command c = get(name);
        if (c == null) throw new CommandException("Unknown command: " + name);
        List<Command.Param> params = c.params();
        boolean variadic = !params.isEmpty() && params.get(params.size() - 1).variadic();
        int fixed = variadic ? params.size() - 1 : params.size();
        if (args.size() < fixed || (!variadic && args.size() > fixed)) {
            throw new CommandException("Command argument mismatch: " + name + " expects " + c.signature());
        }
        List<Object> converted = new ArrayList<>();
        for (int i = 0; i < fixed; i++) converted.add(convert(c, params.get(i), args.get(i)));
        if (variadic) {
            List<Object> rest = new ArrayList<>();
            for (int i = fixed; i < args.size(); i++) rest.add(convert(c, params.get(fixed), args.get(i)));
            converted.add(rest);
        }
        return c.body().run(converted);
    }

    private Object convert(Command c, Command.Param p, String v) throws CommandException {
        switch (p.type()) {
            case INT:
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new CommandException("Invalid argument " + p.name() + " for " + c.name() + ": not an integer: " + v);
                }
            case BOOL:
                if (v.equalsIgnoreCase("true")) return Boolean.TRUE;
                if (v.equalsIgnoreCase("false")) return Boolean.FALSE;
                throw new CommandException("Booleans are 'true' or 'false', got " + v);
            case FLOWS:
                return flowSpec(v).resolve(view);
            case FLOW:
                try {
                    return flowSpec(v).resolveOne(view);
                } catch (IllegalArgumentException e) {
                    throw new CommandException(e.getMessage());
                }
            case STRS: {
                List<String> out = new ArrayList<>();
                for (String s : v.split(",")) out.add(s.trim());
                return out;
            }
            case CHOICE:
                if (!p.choices().isEmpty() && !p.choices().contains(v)) {
                    throw new CommandException("Invalid argument " + p.name() + " for " + c.name() + ": '" + v
                            + "' is not one of " + String.join(", ", p.choices()));
                }
                return v;
            case MARKER:
                if (v.equalsIgnoreCase("true")) return ":default:";
                if (v.equalsIgnoreCase("false")) return "";
                if (!MARKER.matcher(v).matches()) throw new CommandException("Invalid marker value: " + v);
                return v;
            default:
                return v;
        }
    }

    private static FlowSpec flowSpec(String spec) throws CommandException {
        try {
            return FlowSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** Without a console every stored flow is shown and none has the focus. */
    private record StoreContext(Sluice sluice) implements FlowSpec.Context {
        @Override
        public List<Flow> stored() {
            return sluice.flows().snapshot();
        }

        @Override
        public List<Flow> shown() {
            return stored();
        }

        @Override
        public Flow focused() {
            return null;
        }
    }

    // ---- core commands ----

    private void registerCore() {
        FlowEditCommands.register(this, sluice);
        OptionsFileCommands.register(this, sluice);
        register(new Command("set", List.of(Command.Param.of("option", ArgType.STR), Command.Param.variadic("value", ArgType.STR)),
                null, "Set an option: set NAME=VALUE, set NAME VALUE..., set NAME+=VALUE, set NAME-=VALUE",
                args -> {
                    @SuppressWarnings("unchecked")
                    List<Object> values = (List<Object>) args.get(1);
                    List<String> texts = new ArrayList<>();
                    for (Object o : values) texts.add((String) o);
                    set((String) args.get(0), texts);
                    return null;
                }));
        register(new Command("options", List.of(), "str[]", "List every option with its value",
                args -> {
                    List<String> out = new ArrayList<>();
                    for (OptionSpec s : sluice.options().sortedSpecs()) {
                        out.add(s.name() + " = " + Options.format(sluice.options().get(s.name())));
                    }
                    return out;
                }));
        register(new Command("options.reset", List.of(), null, "Reset all options to their defaults",
                args -> {
                    optionsCall(() -> sluice.options().reset());
                    return null;
                }));
        register(new Command("options.reset.one", List.of(Command.Param.of("name", ArgType.STR)), null, "Reset one option",
                args -> {
                    optionsCall(() -> sluice.options().resetOne((String) args.get(0)));
                    return null;
                }));
        register(new Command("flow.resume", List.of(Command.Param.of("flows", ArgType.FLOWS)), null, "Resume intercepted flows",
                args -> {
                    for (Flow f : flows(args.get(0))) {
                        if (!f.isIntercepted()) continue;
                        f.resume();
                        sluice.flows().update(f); // no longer shown as intercepted
                    }
                    return null;
                }));
        register(new Command("flow.kill", List.of(Command.Param.of("flows", ArgType.FLOWS)), null, "Kill flows",
                args -> {
                    int n = 0;
                    for (Flow f : flows(args.get(0))) if (f.kill()) {
                        n++;
                        sluice.flows().update(f);
                    }
                    sluice.log().alert("Killed " + n + " flows.");
                    return null;
                }));
        register(new Command("flow.mark", List.of(Command.Param.of("flows", ArgType.FLOWS), Command.Param.of("marker", ArgType.MARKER)),
                null, "Mark flows",
                args -> {
                    for (Flow f : flows(args.get(0))) {
                        f.setMarked((String) args.get(1));
                        sluice.flows().update(f);
                    }
                    return null;
                }));
        register(new Command("flow.mark.toggle", List.of(Command.Param.of("flows", ArgType.FLOWS)), null, "Toggle flow marks",
                args -> {
                    for (Flow f : flows(args.get(0))) {
                        f.setMarked(f.marked().isEmpty() ? ":default:" : "");
                        sluice.flows().update(f);
                    }
                    return null;
                }));
        register(new Command("flow.comment", List.of(Command.Param.of("flows", ArgType.FLOWS), Command.Param.of("comment", ArgType.STR)),
                null, "Comment flows",
                args -> {
                    for (Flow f : flows(args.get(0))) {
                        f.setComment((String) args.get(1));
                        sluice.flows().update(f);
                    }
                    return null;
                }));
        register(new Command("view.flows.remove", List.of(Command.Param.of("flows", ArgType.FLOWS)), null,
                "Remove flows from the view (live flows are killed first)",
                args -> {
                    for (Flow f : flows(args.get(0))) {
                        if (f.isKillable() && f.isLive() && !f.isResponseComplete() && f.error() == null) f.kill();
                        sluice.flows().remove(f);
                    }
                    return null;
                }));
    }

    @SuppressWarnings("unchecked")
    private static List<Flow> flows(Object o) {
        return (List<Flow>) o;
    }

    private interface OptionsCall {
        void run() throws OptionsException;
    }

    private static void optionsCall(OptionsCall call) throws CommandException {
        try {
            call.run();
        } catch (OptionsException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** The {@code set} command: {@code name}, {@code name=v}, {@code name+=v}, {@code name-=v}, then further values. */
    public void set(String first, List<String> more) throws CommandException {
        Options options = sluice.options();
        int eq = first.indexOf('=');
        String name = eq < 0 ? first : first.substring(0, eq);
        char op = '=';
        if (eq > 0 && (first.charAt(eq - 1) == '+' || first.charAt(eq - 1) == '-')) {
            op = first.charAt(eq - 1);
            name = first.substring(0, eq - 1);
        }
        List<String> values = new ArrayList<>();
        if (eq >= 0 && !(first.length() == eq + 1 && !more.isEmpty())) values.add(first.substring(eq + 1));
        values.addAll(more);
        OptionSpec spec = options.spec(name);
        if (spec == null) throw new CommandException("Unknown option: " + name);
        if (op != '=') {
            if (spec.type() != OptionType.LIST) throw new CommandException("Invalid value for " + name + ": " + op + "= works on list options only");
            List<String> current = new ArrayList<>(options.list(name));
            if (op == '+') current.addAll(values);
            else current.removeAll(values);
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put(name, current);
            optionsCall(() -> options.update(typed));
            return;
        }
        Map<String, List<String>> textual = new LinkedHashMap<>();
        textual.put(name, values);
        optionsCall(() -> options.setTextual(textual));
    }
}
