package dev.sluice.tui.prompt;

import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandLexer;
import dev.sluice.command.CommandRegistry;
import dev.sluice.option.Options;
import java.util.List;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Marks tokens at the prompt that cannot be valid (console.md §7.3): an unknown command name, an
 * unknown option after {@code set}, a boolean argument that is not true or false, and arguments
 * beyond the command's signature. A token still being typed counts as valid while it is a prefix
 * of something valid. It also keeps JLine's tail tip on the parameters still to type.
 */
public final class PromptHighlighter implements Highlighter {

    private static final AttributedStyle INVALID = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).underline();

    private final CommandRegistry commands;
    private final Options options;

    public PromptHighlighter(CommandRegistry commands, Options options) {
        this.commands = commands;
        this.options = options;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (reader != null) reader.setTailTip(tailTip(buffer));
        List<CommandLexer.Token> tokens = CommandLexer.tokenize(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        int pos = 0;
        for (int i = 0; i < tokens.size(); i++) {
            CommandLexer.Token t = tokens.get(i);
            sb.append(buffer.substring(pos, t.start()));
            String raw = buffer.substring(t.start(), t.end());
            if (invalid(tokens, i)) sb.styled(INVALID, raw);
            else sb.append(raw);
            pos = t.end();
        }
        sb.append(buffer.substring(pos));
        return sb.toAttributedString();
    }

    /**
     * The parameter names still to type, shown greyed after the cursor (console.md §7.3), in
     * JLine's tail-tip form: while a word is being typed the tip starts with that word's own
     * name, which JLine drops.
     */
    public String tailTip(String buffer) {
        List<CommandLexer.Token> tokens = CommandLexer.tokenize(buffer);
        if (tokens.isEmpty()) return "";
        Command c = commands.get(tokens.get(0).text());
        if (c == null) return "";
        boolean betweenWords = Character.isWhitespace(buffer.charAt(buffer.length() - 1));
        if (tokens.size() == 2 && c.name().equals("set") && tokens.get(1).text().contains("=")) return "";
        List<String> words = new java.util.ArrayList<>();
        int typing = tokens.size() - 1 - (betweenWords ? 0 : 1);
        if (typing < 0) words.add(c.name());
        List<Command.Param> params = c.params();
        for (int i = Math.max(0, typing); i < params.size(); i++) words.add(params.get(i).toString());
        if (words.isEmpty() && !params.isEmpty() && params.get(params.size() - 1).variadic()) {
            words.add(params.get(params.size() - 1).toString());
        }
        return String.join(" ", words);
    }

    /** Whether the i-th token cannot be valid; public for tests. */
    public boolean invalid(List<CommandLexer.Token> tokens, int i) {
        String text = tokens.get(i).text();
        String name = tokens.get(0).text();
        if (i == 0) return commands.all().stream().noneMatch(c -> c.name().startsWith(text));
        Command c = commands.get(name);
        if (c == null) return false;
        if (name.equals("set") && i == 1) {
            String option = text.replaceFirst("[+-]?=.*$", "");
            return options.sortedSpecs().stream().noneMatch(s -> s.name().startsWith(option));
        }
        List<Command.Param> params = c.params();
        if (params.isEmpty()) return true;
        Command.Param p = i - 1 < params.size() ? params.get(i - 1) : params.get(params.size() - 1);
        if (i - 1 >= params.size() && !p.variadic()) return true;
        if (p.type() == ArgType.BOOL) return !"true".startsWith(text.toLowerCase(java.util.Locale.ROOT)) && !"false".startsWith(text.toLowerCase(java.util.Locale.ROOT));
        return false;
    }
}
