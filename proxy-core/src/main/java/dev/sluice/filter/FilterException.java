package dev.sluice.filter;

/**
 * A filter expression that does not parse. The message is the user-facing one of filters.md §4:
 * {@code Empty filter expression}, or
 * {@code Invalid filter expression: '<input>' (at <n>: <detail>)}.
 */
public final class FilterException extends IllegalArgumentException {

    private final String input;
    private final int position;
    private final String detail;

    private FilterException(String message, String input, int position, String detail) {
        super(message);
        this.input = input;
        this.position = position;
        this.detail = detail;
    }

    static FilterException empty(String input) {
        return new FilterException("Empty filter expression", input, 0, "Empty filter expression");
    }

    /** An error at a char index of the input (0-based); the message counts characters from 1. */
    static FilterException at(String input, int index, String detail) {
        int position = input.codePointCount(0, Math.min(index, input.length())) + 1;
        return new FilterException("Invalid filter expression: '" + input + "' (at " + position + ": " + detail + ")",
                input, position, detail);
    }

    /** The expression as given. */
    public String input() {
        return input;
    }

    /** 1-based position of the character at fault; 0 for an empty expression. */
    public int position() {
        return position;
    }

    /** What is wrong, e.g. {@code ~d needs an argument} (for an empty expression, the whole message). */
    public String detail() {
        return detail;
    }
}
