package dev.sluice.pattern;

/**
 * A user regex that does not compile. The message is the user-facing one,
 * {@code Invalid regular expression '<regex>' (<reason>)}; callers that embed the error in their
 * own message (the filter parser) use {@link #regex()} and {@link #reason()}.
 */
public final class InvalidRegexException extends IllegalArgumentException {

    private final String regex;
    private final String reason;

    public InvalidRegexException(String regex, String reason) {
        super("Invalid regular expression '" + regex + "' (" + reason + ")");
        this.regex = regex;
        this.reason = reason;
    }

    /** The regex as the user wrote it. */
    public String regex() {
        return regex;
    }

    /** Why it does not compile: the first line of the Java description, or Sluice's own reason. */
    public String reason() {
        return reason;
    }
}
