package dev.sluice.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Hand-written recursive descent over the grammar of filters.md §4:
 *
 * <pre>
 * filter = ws* seq ws*
 * seq    = or ( ws* or )*              juxtaposition: AND, binds loosest
 * or     = and ( ws* "|" ws* and )*
 * and    = not ( ws* "&amp;" ws* not )*
 * not    = "!" ws* not | atom
 * atom   = "(" ws* seq ws* ")" | "~" name [ ws+ arg ] | arg
 * </pre>
 *
 * Juxtaposed expressions need whitespace between them only where the two would otherwise read
 * as one token: {@code get(Info|Routers)} is {@code get} AND {@code (Info|Routers)}, as the spec's
 * own example says. Conjunction and disjunction chains are built flat (n-ary), so only
 * parentheses and {@code !} nest, and they are limited to {@value #MAX_NESTING} levels: neither
 * parsing nor evaluation can overflow the stack.
 */
final class FilterParser {

    static final int MAX_NESTING = 256;

    private static final Map<String, Operator> OPERATORS_BY_CODE =
            FlowFilter.OPERATORS.stream().collect(Collectors.toUnmodifiableMap(Operator::code, Function.identity()));

    private final String input;
    private int pos;
    private int depth;

    FilterParser(String input) {
        this.input = input;
    }

    FlowFilter parse() {
        skipWhitespace();
        if (atEnd()) throw FilterException.empty(input);
        FlowFilter filter = sequence();
        // sequence() stops only at the end or before a ')' that closes nothing.
        if (!atEnd()) throw error(pos, "unexpected )");
        return filter;
    }

    /** Juxtaposed disjunctions, up to the end or a closing parenthesis. */
    private FlowFilter sequence() {
        List<FlowFilter> parts = new ArrayList<>();
        do {
            parts.add(disjunction());
            skipWhitespace();
        } while (!atEnd() && peek() != ')');
        return FlowFilter.And.of(parts);
    }

    private FlowFilter disjunction() {
        return chain('|', this::conjunction, FlowFilter.Or::of);
    }

    private FlowFilter conjunction() {
        return chain('&', this::negation, FlowFilter.And::of);
    }

    /** {@code operand (ws* op ws* operand)*}, left to right, built as one n-ary node. */
    private FlowFilter chain(char operator, Supplier<FlowFilter> operand, Function<List<FlowFilter>, FlowFilter> combine) {
        List<FlowFilter> parts = new ArrayList<>();
        parts.add(operand.get());
        while (true) {
            int beforeWhitespace = pos;
            skipWhitespace();
            if (atEnd() || peek() != operator) {
                pos = beforeWhitespace;
                return combine.apply(parts);
            }
            int operatorAt = pos++;
            requireOperand(operatorAt);
            parts.add(operand.get());
        }
    }

    private FlowFilter negation() {
        if (peek() != '!') return atom();
        int bangAt = pos++;
        enterNesting(bangAt);
        requireOperand(bangAt);
        FlowFilter operand = negation();
        depth--;
        return new FlowFilter.Not(operand);
    }

    /** Skips whitespace after a prefix or infix operator and insists that an expression follows. */
    private void requireOperand(int operatorAt) {
        skipWhitespace();
        if (atEnd() || peek() == ')') throw error(operatorAt, "missing operand after " + input.charAt(operatorAt));
    }

    private FlowFilter atom() {
        char c = peek();
        if (c == '(') return group();
        if (c == ')') throw error(pos, "unexpected )");
        if (c == '~') return operator();
        int argumentAt = pos;
        return create(FlowFilter.Url.OPERATOR, argument(true), argumentAt);
    }

    private FlowFilter group() {
        int openAt = pos++;
        enterNesting(openAt);
        skipWhitespace();
        if (atEnd()) throw error(openAt, "missing )");
        FlowFilter inner = sequence();
        if (atEnd()) throw error(openAt, "missing )");
        pos++; // the ')'
        depth--;
        return inner;
    }

    private FlowFilter operator() {
        int tildeAt = pos++;
        while (!atEnd() && isAsciiLetter(peek())) pos++;
        String code = input.substring(tildeAt, pos);
        Operator operator = OPERATORS_BY_CODE.get(code);
        if (operator == null) throw error(tildeAt, "unknown operator " + code);
        if (!operator.takesArgument()) return operator.create(null);
        if (atEnd() || !isWhitespace(peek())) throw error(tildeAt, code + " needs an argument");
        skipWhitespace();
        int argumentAt = pos;
        String argument = argument(false);
        if (argument == null) throw error(tildeAt, code + " needs an argument");
        return create(operator, argument, argumentAt);
    }

    private FlowFilter create(Operator operator, String argument, int argumentAt) {
        try {
            return operator.create(argument);
        } catch (Operator.BadArgument e) {
            throw error(argumentAt, e.getMessage());
        }
    }

    /**
     * A quoted string or an unquoted word; null when none starts here. Where an expression is
     * expected, the first character always belongs to the word (so {@code &} can be a bare word).
     */
    private String argument(boolean expressionExpected) {
        if (atEnd()) return null;
        char c = peek();
        if (c == '"' || c == '\'') return quoted();
        int start = pos;
        while (!atEnd() && !endsWord(pos, expressionExpected && pos == start)) pos++;
        return pos == start ? null : input.substring(start, pos);
    }

    /** Whether the word stops before index i (lexical rules of filters.md §3). */
    private boolean endsWord(int i, boolean firstOfBareWord) {
        char c = input.charAt(i);
        if (isWhitespace(c) || c == '(' || c == ')' || c == '~' || c == '"' || c == '\'') return true;
        // "~d foo|~q" is "~d foo | ~q": an '&' or '|' before an expression start is the operator.
        return (c == '&' || c == '|') && !firstOfBareWord && i + 1 < input.length() && "~!(".indexOf(input.charAt(i + 1)) >= 0;
    }

    /** A quoted string: backslash-quote is the quote, two backslashes are one, other backslashes stay. */
    private String quoted() {
        int openAt = pos;
        char quote = input.charAt(pos++);
        StringBuilder text = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == quote) return text.toString();
            if (c == '\\' && !atEnd()) {
                char next = input.charAt(pos++);
                if (next != quote && next != '\\') text.append('\\');
                text.append(next);
            } else {
                text.append(c);
            }
        }
        throw error(openAt, "unterminated quote");
    }

    /**
     * The argument as the parser reads it back: unchanged when it is a plain word, else in double
     * quotes with only what must be escaped escaped.
     */
    static String quoteIfNeeded(String argument) {
        if (isPlainWord(argument)) return argument;
        StringBuilder quoted = new StringBuilder(argument.length() + 2).append('"');
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '"') {
                quoted.append("\\\"");
            } else if (c == '\\') {
                // A backslash before a quote, a backslash or the closing quote must be doubled;
                // before anything else it is kept as written.
                char next = i + 1 < argument.length() ? argument.charAt(i + 1) : '"';
                quoted.append(next == '"' || next == '\\' ? "\\\\" : "\\");
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean isPlainWord(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isWhitespace(c) || "()~\"'".indexOf(c) >= 0) return false;
            if ((c == '&' || c == '|') && i + 1 < s.length() && s.charAt(i + 1) == '!') return false;
        }
        return true;
    }

    private void enterNesting(int at) {
        if (++depth > MAX_NESTING) throw error(at, "nesting too deep");
    }

    private FilterException error(int index, String detail) {
        return FilterException.at(input, index, detail);
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private char peek() {
        return input.charAt(pos);
    }

    private void skipWhitespace() {
        while (!atEnd() && isWhitespace(peek())) pos++;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
