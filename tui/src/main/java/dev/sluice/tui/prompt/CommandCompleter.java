package dev.sluice.tui.prompt;

import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.export.Cuts;
import dev.sluice.filter.FlowFilter;
import dev.sluice.filter.FlowSpec;
import dev.sluice.filter.Operator;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.OptionType;
import dev.sluice.option.Options;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the prompt (console.md §7.3), from the registry and the options: command
 * names, option names after {@code set}, option values by type plus the current value, and per
 * argument type booleans, choices, markers, flow specs, cuts and paths. Plain object: the
 * {@link LineReader} argument is not used, so tests call it without a terminal.
 */
public final class CommandCompleter implements Completer {

    /** Flow specification words and filter operators, from the filter language's own lists (filters.md). */
    static final List<String> FLOW_SPECS = flowSpecs();

    private static List<String> flowSpecs() {
        List<String> out = new ArrayList<>();
        for (FlowSpec.Named n : FlowSpec.Named.values()) out.add(n.toString());
        for (Operator op : FlowFilter.OPERATORS) out.add(op.code());
        out.addAll(List.of("!", "&", "|"));
        return List.copyOf(out);
    }

    private final CommandRegistry commands;
    private final Options options;

    public CommandCompleter(CommandRegistry commands, Options options) {
        this.commands = commands;
        this.options = options;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String value : values(line.words(), line.wordIndex(), line.word().substring(0, line.wordCursor()))) {
            boolean partial = value.endsWith("=") || value.endsWith("/") || value.endsWith("[");
            candidates.add(new Candidate(value, value, null, null, null, null, !partial));
        }
    }

    /** The completions of the word at an index, filtered by what was typed of it. */
    public List<String> values(List<String> words, int index, String typed) {
        Set<String> all = new LinkedHashSet<>();
        if (index == 0) {
            for (Command c : commands.all()) all.add(c.name());
        } else if (words.get(0).equals("set")) {
            setValues(words, index, typed, all);
        } else {
            Command c = commands.get(words.get(0));
            if (c != null && !c.params().isEmpty()) argumentValues(c, index - 1, typed, all);
        }
        List<String> out = new ArrayList<>();
        for (String v : all) if (v.startsWith(typed)) out.add(v);
        return out;
    }

    private void setValues(List<String> words, int index, String typed, Set<String> out) {
        int eq = typed.indexOf('=');
        if (index == 1 && eq < 0) {
            for (OptionSpec s : options.sortedSpecs()) out.add(s.name());
            return;
        }
        if (index == 1) {
            String name = typed.substring(0, eq).replaceAll("[+-]$", "");
            String prefix = typed.substring(0, eq + 1);
            for (String v : optionValues(name)) out.add(prefix + v);
            return;
        }
        if (!words.get(1).contains("=")) out.addAll(optionValues(words.get(1)));
    }

    /** Values an option can take: booleans, choices, and its current value. */
    List<String> optionValues(String name) {
        OptionSpec spec = options.spec(name);
        if (spec == null) return List.of();
        List<String> out = new ArrayList<>();
        if (spec.type() == OptionType.BOOL) out.addAll(List.of("true", "false", "toggle"));
        out.addAll(spec.choices());
        Object current = options.get(name);
        if (spec.type() == OptionType.LIST) {
            for (Object item : (List<?>) current) out.add(String.valueOf(item));
        } else if (current != null && !Options.format(current).isEmpty()) {
            out.add(Options.format(current));
        }
        return out;
    }

    private void argumentValues(Command c, int argIndex, String typed, Set<String> out) {
        List<Command.Param> params = c.params();
        Command.Param p = argIndex < params.size() ? params.get(argIndex) : params.get(params.size() - 1);
        if (argIndex >= params.size() && !p.variadic()) return;
        switch (p.type()) {
            case BOOL -> out.addAll(List.of("true", "false"));
            case MARKER -> out.addAll(List.of("true", "false", ":default:"));
            case FLOW, FLOWS -> {
                out.addAll(FLOW_SPECS);
            }
            case CUTS -> out.addAll(Cuts.names());
            case CMD -> commands.all().forEach(cmd -> out.add(cmd.name()));
            case PATH -> out.addAll(paths(typed));
            case CHOICE -> out.addAll(choices(c));
            case STR -> {
                if (p.name().equals("option") || p.name().equals("name")) options.sortedSpecs().forEach(s -> out.add(s.name()));
            }
            default -> {
            }
        }
    }

    /** A choice argument of {@code x.y.set} takes the values {@code x.y.options} lists. */
    private List<String> choices(Command c) {
        String name = c.name();
        String base = name.endsWith(".set") ? name.substring(0, name.length() - 4) : name;
        Command lister = commands.get(base + ".options");
        if (lister == null || !lister.params().isEmpty()) return List.of();
        try {
            Object r = commands.call(lister.name(), List.of());
            return r instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        } catch (CommandException e) {
            return List.of();
        }
    }

    /** Files and directories (with a trailing slash) next to what was typed; {@code ~} is kept as typed. */
    static List<String> paths(String typed) {
        int slash = typed.lastIndexOf('/');
        String dirText = slash < 0 ? "" : typed.substring(0, slash + 1);
        Path dir = dirText.isEmpty() ? Path.of(".") : Paths.expand(dirText);
        List<String> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.sorted().forEach(p -> out.add(dirText + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }
}
