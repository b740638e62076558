package dev.sluice.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a prompt line into tokens (console.md §7.1): whitespace runs separate; a quoted string
 * runs to the next unescaped same quote (or the end); adjacent tokens are separate arguments; in
 * every token {@code \\}, {@code \"} and {@code \'} lose their backslash and nothing else is
 * interpreted. {@code set NAME=VALUE} with an unquoted value takes the rest of the line as one value.
 */
public final class CommandLexer {
    private CommandLexer() {
    }

    /** One argument as typed: its unescaped text and where it stands in the line ({@code end} exclusive). */
    public record Token(String text, int start, int end) {
    }

    public static List<String> split(String line) {
        List<String> texts = new ArrayList<>();
        for (Token t : tokenize(line)) texts.add(t.text());
        return texts;
    }

    /** Splits like {@link #split} and keeps each token's position, for completion and highlighting. */
    public static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (tokens.size() == 1 && tokens.get(0).text().equals("set")) {
                int setEnd = setAssignmentEnd(line, i);
                if (setEnd >= 0) {
                    // name=, name+= or name-= followed by an unquoted value: the rest of the line is one value
                    String text = unescape(line.substring(i, setEnd)) + unescape(line.substring(setEnd).trim());
                    tokens.add(new Token(text, i, n));
                    return tokens;
                }
            }
            int start = i;
            StringBuilder tok = new StringBuilder();
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && line.charAt(i) != c) {
                    if (line.charAt(i) == '\\' && i + 1 < n) {
                        tok.append(line, i, i + 2);
                        i += 2;
                    } else {
                        tok.append(line.charAt(i++));
                    }
                }
                i++; // closing quote (or past the end)
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '"' && line.charAt(i) != '\'') {
                    if (line.charAt(i) == '\\' && i + 1 < n) {
                        tok.append(line, i, i + 2);
                        i += 2;
                    } else {
                        tok.append(line.charAt(i++));
                    }
                }
            }
            tokens.add(new Token(unescape(tok.toString()), start, Math.min(i, n)));
        }
        return tokens;
    }

    /** For {@code name=value} (also {@code +=}, {@code -=}) with an unquoted value: index after the operator, else -1. */
    private static int setAssignmentEnd(String line, int start) {
        int i = start;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
            if (line.charAt(i) == '"' || line.charAt(i) == '\'') return -1;
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '=') return -1;
        int after = i + 1;
        if (after < line.length() && (line.charAt(after) == '"' || line.charAt(after) == '\'')) return -1;
        return after;
    }

    /** {@code \\} → {@code \}, {@code \"} → {@code "}, {@code \'} → {@code '}; other backslashes stay. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                if (d == '\\' || d == '"' || d == '\'') {
                    out.append(d);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
