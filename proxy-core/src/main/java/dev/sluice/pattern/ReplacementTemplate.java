package dev.sluice.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A map_remote replacement (options-and-patterns.md §11.2), parsed once against its regex so a
 * reference to a group the regex does not have is refused when the option is set, not on every
 * request. Python's template syntax: {@code \1}, {@code \g<1>}, {@code \g<name>}, octal and
 * control escapes; {@code $} and unknown escapes such as {@code \d} are literal.
 */
public final class ReplacementTemplate {

    /** A piece of the template: literal text, or the text of a group. */
    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record NumberedGroup(int number) implements Part {
    }

    private record NamedGroup(String javaName) implements Part {
    }

    private final List<Part> parts;

    private ReplacementTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template for the regex whose matches it replaces.
     *
     * @throws IllegalArgumentException {@code invalid group reference <ref>}, or for an octal escape
     *                                  above 0377 {@code octal escape value \<ooo> outside of range 0-0o377}
     */
    public static ReplacementTemplate parse(String template, UserRegex regex) {
        return new Parser(template, regex).parse();
    }

    /** Appends the replacement for one match; a group that did not take part inserts nothing. */
    public void appendTo(StringBuilder out, Matcher match) {
        for (Part part : parts) {
            String text;
            if (part instanceof Literal literal) text = literal.text();
            else if (part instanceof NumberedGroup group) text = match.group(group.number());
            else text = match.group(((NamedGroup) part).javaName());
            if (text != null) out.append(text);
        }
    }

    private static final class Parser {
        private final String template;
        private final UserRegex regex;
        private final int groupCount;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private int pos;

        Parser(String template, UserRegex regex) {
            this.template = template;
            this.regex = regex;
            this.groupCount = regex.pattern().matcher("").groupCount();
        }

        ReplacementTemplate parse() {
            while (pos < template.length()) {
                char c = template.charAt(pos);
                if (c != '\\' || pos + 1 == template.length()) {
                    literal.append(c);
                    pos++;
                } else {
                    escape(template.charAt(pos + 1));
                }
            }
            flushLiteral();
            return new ReplacementTemplate(parts);
        }

        /** One backslash sequence at {@code pos}; {@code next} is the character after the backslash. */
        private void escape(char next) {
            switch (next) {
                case 'g' -> namedReference();
                case '0' -> octal(pos + 1, 3);
                case '\\' -> literal(2, "\\");
                case 'n' -> literal(2, "\n");
                case 't' -> literal(2, "\t");
                case 'r' -> literal(2, "\r");
                case 'f' -> literal(2, "\f");
                case 'v' -> literal(2, "\u000b");
                case 'a' -> literal(2, "\u0007");
                case 'b' -> literal(2, "\b");
                default -> {
                    if (next >= '1' && next <= '9') numberedReference();
                    else literal(2, template.substring(pos, pos + 2)); // unknown escapes stay as written
                }
            }
        }

        /** {@code \1} to {@code \99}, or three octal digits {@code \ooo} (Python's rule). */
        private void numberedReference() {
            int start = pos + 1;
            if (isOctalRun(start, 3)) {
                octal(start, 3);
                return;
            }
            int end = start + 1;
            if (end < template.length() && Character.isDigit(template.charAt(end))) end++;
            String ref = template.substring(start, end);
            group(Integer.parseInt(ref), ref);
            pos = end;
        }

        /** {@code \g<number>} or {@code \g<name>}; a {@code \g} without {@code <...>} is literal. */
        private void namedReference() {
            int close = template.indexOf('>', pos + 3);
            if (!template.startsWith("<", pos + 2) || close < 0) {
                literal(2, "\\g");
                return;
            }
            String ref = template.substring(pos + 3, close);
            if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
                group(ref.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(ref), ref);
            } else {
                String javaName = regex.groupNames().get(ref);
                if (javaName == null) throw invalidReference(ref);
                flushLiteral();
                parts.add(new NamedGroup(javaName));
            }
            pos = close + 1;
        }

        private void group(int number, String ref) {
            if (number > groupCount) throw invalidReference(ref);
            flushLiteral();
            parts.add(new NumberedGroup(number));
        }

        /** Up to {@code maxDigits} octal digits starting at {@code start} (the first already checked). */
        private void octal(int start, int maxDigits) {
            int end = start;
            while (end < template.length() && end < start + maxDigits && isOctal(template.charAt(end))) end++;
            int value = Integer.parseInt(template.substring(start, end), 8);
            if (value > 0377) {
                throw new IllegalArgumentException("octal escape value \\" + template.substring(start, end) + " outside of range 0-0o377");
            }
            literal.append((char) value);
            pos = end;
        }

        private boolean isOctalRun(int start, int length) {
            if (start + length > template.length()) return false;
            for (int i = start; i < start + length; i++) if (!isOctal(template.charAt(i))) return false;
            return true;
        }

        private static boolean isOctal(char c) {
            return c >= '0' && c <= '7';
        }

        private void literal(int consumed, String text) {
            literal.append(text);
            pos += consumed;
        }

        private void flushLiteral() {
            if (literal.length() > 0) parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }

        private static IllegalArgumentException invalidReference(String ref) {
            return new IllegalArgumentException("invalid group reference " + ref);
        }
    }
}
