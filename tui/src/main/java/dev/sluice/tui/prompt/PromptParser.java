package dev.sluice.tui.prompt;

import dev.sluice.command.CommandLexer;
import dev.sluice.tui.ConsoleCommands;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of a prompt line, split by the command language's own lexer
 * ({@link CommandLexer}), so completion sees exactly the arguments a command would receive.
 */
public final class PromptParser implements Parser {

    /** The parsed line: words, the word under the cursor and its raw span for replacement. */
    public record Line(String line, int cursor, List<String> words, int wordIndex, int wordCursor,
                       int rawWordCursor, int rawWordLength) implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return ConsoleCommands.quote(candidate.toString());
        }
    }

    @Override
    public Line parse(String line, int cursor, ParseContext context) {
        List<CommandLexer.Token> tokens = CommandLexer.tokenize(line);
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int rawCursor = 0;
        int rawLength = 0;
        for (CommandLexer.Token t : tokens) {
            if (wordIndex < 0 && cursor < t.start()) {
                // the cursor stands in whitespace before this token: an empty word there
                wordIndex = words.size();
                words.add("");
            }
            if (wordIndex < 0 && cursor >= t.start() && cursor <= t.end()) {
                wordIndex = words.size();
                String typed = CommandLexer.unescape(stripQuote(line.substring(t.start(), cursor)));
                wordCursor = Math.min(typed.length(), t.text().length());
                rawCursor = cursor - t.start();
                rawLength = t.end() - t.start();
                words.add(typed.length() < t.text().length() ? t.text() : typed);
                continue;
            }
            words.add(t.text());
        }
        if (wordIndex < 0) {
            wordIndex = words.size();
            words.add("");
        }
        return new Line(line, cursor, List.copyOf(words), wordIndex, wordCursor, rawCursor, rawLength);
    }

    private static String stripQuote(String raw) {
        return !raw.isEmpty() && (raw.charAt(0) == '\'' || raw.charAt(0) == '"') ? raw.substring(1) : raw;
    }

    /** For tests and callers that do not care about JLine's context. */
    public Line parse(String line, int cursor) {
        return parse(line, cursor, ParseContext.COMPLETE);
    }

}
