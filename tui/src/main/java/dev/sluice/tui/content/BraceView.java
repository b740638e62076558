package dev.sluice.tui.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JavaScript and CSS laid out by their braces: a line break after {@code {}, {@code ;} and
 * {@code }}, indented by nesting. Strings, comments, template literals and parentheses
 * ({@code for (a; b; c)}, {@code url(data:...;base64,...)}) are kept whole. Not a pretty-printer
 * of either language: enough to read a minified file.
 */
final class BraceView implements ContentView {

    private final String name;

    private BraceView(String name) {
        this.name = name;
    }

    static BraceView javascript() {
        return new BraceView("javascript");
    }

    static BraceView css() {
        return new BraceView("css");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> render(Input input) {
        String text = new String(input.content(), StandardCharsets.UTF_8);
        if (text.indexOf('{') < 0 && text.indexOf(';') < 0) return RawView.lines(text);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int depth = 0;
        int parens = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                line.append(c);
                if (c == '\\' && i + 1 < text.length()) line.append(text.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '/' && i + 1 < text.length() && (text.charAt(i + 1) == '*' || (text.charAt(i + 1) == '/' && !name.equals("css")))) {
                boolean block = text.charAt(i + 1) == '*';
                int end = block ? text.indexOf("*/", i + 2) : text.indexOf('\n', i + 2);
                end = end < 0 ? text.length() : end + (block ? 2 : 0);
                line.append(text, i, end);
                i = end - 1;
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> {
                    quote = c;
                    line.append(c);
                }
                case '(' -> {
                    parens++;
                    line.append(c);
                }
                case ')' -> {
                    parens = Math.max(0, parens - 1);
                    line.append(c);
                }
                case '{' -> {
                    line.append(c);
                    flush(lines, line, depth);
                    depth++;
                }
                case '}' -> {
                    flush(lines, line, depth);
                    depth = Math.max(0, depth - 1);
                    line.append(c);
                    if (i + 1 >= text.length() || ",;)".indexOf(text.charAt(i + 1)) < 0) flush(lines, line, depth);
                }
                case ';' -> {
                    line.append(c);
                    if (parens == 0) flush(lines, line, depth);
                }
                case '\n', '\r' -> flush(lines, line, depth);
                default -> line.append(c);
            }
        }
        flush(lines, line, depth);
        return lines;
    }

    private static void flush(List<String> lines, StringBuilder line, int depth) {
        String s = line.toString().strip();
        if (!s.isEmpty()) lines.add("    ".repeat(depth) + s);
        line.setLength(0);
    }
}
