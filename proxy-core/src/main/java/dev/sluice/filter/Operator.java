package dev.sluice.filter;

import dev.sluice.pattern.InvalidRegexException;
import dev.sluice.pattern.Regexes;
import dev.sluice.pattern.UserRegex;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One {@code ~} operator of the filter language: its code, its help text and whether it takes an
 * argument. {@link FlowFilter#OPERATORS} lists them all, for the parser, the help page and
 * completion alike.
 */
public final class Operator {

    /** An argument the operator refuses; the parser reports {@link #getMessage()} at the argument. */
    static final class BadArgument extends RuntimeException {
        BadArgument(String detail) {
            super(detail, null, false, false);
        }
    }

    // Regex flavours (options-and-patterns.md §11): byte operators see one char per byte and
    // match multi-line header blocks or DOTALL bodies; text operators see Unicode text.
    static final int BYTE_REGEX = Regexes.BYTES;
    static final int HEADER_REGEX = Regexes.BYTES | Pattern.MULTILINE;
    static final int BODY_REGEX = Regexes.BYTES | Pattern.DOTALL;
    static final int TEXT_REGEX = 0;
    static final int MULTILINE_TEXT_REGEX = Pattern.MULTILINE;

    private final String code;
    private final String help;
    private final boolean takesArgument;
    private final Function<String, FlowFilter> factory;

    private Operator(String code, String help, boolean takesArgument, Function<String, FlowFilter> factory) {
        this.code = code;
        this.help = help;
        this.takesArgument = takesArgument;
        this.factory = factory;
    }

    /** An operator without argument. */
    static Operator flag(String code, String help, Supplier<FlowFilter> make) {
        return new Operator(code, help, false, argument -> make.get());
    }

    /** An operator whose argument is a case-insensitive regex compiled with the given flags. */
    static Operator regex(String code, String help, int flags, Function<UserRegex, FlowFilter> make) {
        return new Operator(code, help, true, argument -> make.apply(compile(argument, flags)));
    }

    /** An operator that interprets its argument itself, throwing {@link BadArgument} when it cannot. */
    static Operator withArgument(String code, String help, Function<String, FlowFilter> make) {
        return new Operator(code, help, true, make);
    }

    /** The operator as typed, e.g. {@code ~hq}. */
    public String code() {
        return code;
    }

    /** One line of help, as mitmproxy words it. */
    public String help() {
        return help;
    }

    public boolean takesArgument() {
        return takesArgument;
    }

    /** Builds the filter; {@code argument} is null for operators without one. */
    FlowFilter create(String argument) {
        return factory.apply(argument);
    }

    /** The normalised spelling of this operator applied to an argument. */
    String render(String argument) {
        return code + " " + FilterParser.quoteIfNeeded(argument);
    }

    @Override
    public String toString() {
        return code;
    }

    private static UserRegex compile(String argument, int flags) {
        try {
            return Regexes.compile(argument, flags | Pattern.CASE_INSENSITIVE);
        } catch (InvalidRegexException e) {
            throw new BadArgument("invalid regular expression '" + e.regex() + "' (" + e.reason() + ")");
        }
    }
}
