package dev.sluice.pattern;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the Python spellings of options-and-patterns.md §11.1 into Java regex syntax, leaving
 * everything else (Java-only constructs included) as written. One left-to-right pass that knows
 * whether it is inside a character class or a {@code \Q...\E} quote.
 */
final class PythonRegexTranslator {

    /** The Java pattern text and, for every named group, original name → Java name. */
    record Translation(String javaPattern, Map<String, String> groupNames) {
    }

    private static final Pattern JAVA_GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern DECLARED_NAME = Pattern.compile("\\(\\?P?<([A-Za-z][A-Za-z0-9]*)>");
    private static final Pattern QUANTIFIER = Pattern.compile("\\{(?:\\d+(?:,\\d*)?|,\\d+)}");

    private final String source;
    private final StringBuilder out;
    private final Map<String, String> groupNames = new LinkedHashMap<>();
    private final Set<String> namesInUse = new HashSet<>();

    private PythonRegexTranslator(String source) {
        this.source = source;
        this.out = new StringBuilder(source.length() + 8);
        // Names the pattern already uses may not be picked for a renamed group.
        Matcher m = DECLARED_NAME.matcher(source);
        while (m.find()) namesInUse.add(m.group(1));
    }

    static Translation translate(String source) {
        PythonRegexTranslator t = new PythonRegexTranslator(source);
        t.run();
        return new Translation(t.out.toString(), Map.copyOf(t.groupNames));
    }

    private void run() {
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i = escape(i);
            } else if (c == '[') {
                i = characterClass(i);
            } else if (source.startsWith("(?P<", i)) {
                i = namedGroup(i);
            } else if (source.startsWith("(?P=", i)) {
                i = namedBackreference(i);
            } else if (source.startsWith("(?(", i)) {
                throw new InvalidRegexException(source, "conditional groups are not supported");
            } else if (c == '{') {
                i = brace(i);
            } else {
                out.append(c);
                i++;
            }
        }
    }

    /**
     * Copies an escape; {@code \Z} becomes {@code \z}; a {@code \Q...\E} quote and the braces of
     * {@code \p{..}}-style escapes are copied whole.
     */
    private int escape(int i) {
        if (i + 1 >= source.length()) {
            out.append('\\');
            return i + 1;
        }
        char next = source.charAt(i + 1);
        if (next == 'Z') {
            out.append("\\z");
            return i + 2;
        }
        if (next == 'Q') {
            int end = source.indexOf("\\E", i + 2);
            int stop = end < 0 ? source.length() : end + 2;
            out.append(source, i, stop);
            return stop;
        }
        if ("pPxN".indexOf(next) >= 0 && source.startsWith("{", i + 2)) {
            // \p{L}, \x{263A}, \N{name}: the braces belong to the escape, not a quantifier
            int close = source.indexOf('}', i + 2);
            int stop = close < 0 ? source.length() : close + 1;
            out.append(source, i, stop);
            return stop;
        }
        out.append('\\').append(next);
        return i + 2;
    }

    /** A class as Python reads it: a leading {@code ]} is literal, {@code [} and {@code &} are always literal. */
    private int characterClass(int i) {
        out.append('[');
        int j = i + 1;
        if (j < source.length() && source.charAt(j) == '^') {
            out.append('^');
            j++;
        }
        if (j < source.length() && source.charAt(j) == ']') {
            out.append("\\]");
            j++;
        }
        while (j < source.length()) {
            char c = source.charAt(j);
            switch (c) {
                case '\\' -> {
                    j = escape(j);
                    continue;
                }
                case ']' -> {
                    out.append(']');
                    return j + 1;
                }
                // Java reads '[' as a nested class (union) and "&&" as an intersection.
                case '[', '&' -> out.append('\\').append(c);
                default -> out.append(c);
            }
            j++;
        }
        return j; // unclosed: Java reports it
    }

    private int namedGroup(int i) {
        int close = source.indexOf('>', i + 4);
        if (close < 0) {
            out.append("(?P<");
            return i + 4; // Java reports the malformed group
        }
        String name = source.substring(i + 4, close);
        out.append("(?<").append(declare(name)).append('>');
        return close + 1;
    }

    private int namedBackreference(int i) {
        int close = source.indexOf(')', i + 4);
        if (close < 0) {
            out.append("(?P=");
            return i + 4;
        }
        String name = source.substring(i + 4, close);
        out.append("\\k<").append(groupNames.getOrDefault(name, name)).append('>');
        return close + 1;
    }

    /** The Java name for a declared group: kept when valid, else a fresh valid name. */
    private String declare(String name) {
        String known = groupNames.get(name);
        if (known != null) return known; // a duplicate: Java reports it under the same name
        String javaName = JAVA_GROUP_NAME.matcher(name).matches() ? name : freshName(name);
        groupNames.put(name, javaName);
        namesInUse.add(javaName);
        return javaName;
    }

    private String freshName(String name) {
        String base = name.replaceAll("[^A-Za-z0-9]", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) base = "g" + base;
        String candidate = base;
        for (int n = 1; namesInUse.contains(candidate); n++) candidate = base + n;
        return candidate;
    }

    /** A quantifier is kept ({@code {,n}} as {@code {0,n}}); any other brace is a literal. */
    private int brace(int i) {
        Matcher m = QUANTIFIER.matcher(source).region(i, source.length());
        if (!m.lookingAt()) {
            out.append("\\{");
            return i + 1;
        }
        String quantifier = m.group();
        out.append(quantifier.startsWith("{,") ? "{0" + quantifier.substring(1) : quantifier);
        return m.end();
    }
}
