package dev.sluice.option;

import java.util.List;

/**
 * One registered option. Values are typed: Boolean (bool), Long (int, size, optional int/size),
 * String (str, choice, optional str), List&lt;String&gt; (list); null means unset.
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, String help, List<String> choices) {

    public OptionSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (defaultValue instanceof List<?> l) defaultValue = List.copyOf(l);
    }

    public static OptionSpec bool(String name, boolean dflt, String help) {
        return new OptionSpec(name, OptionType.BOOL, dflt, help, null);
    }

    public static OptionSpec integer(String name, long dflt, String help) {
        return new OptionSpec(name, OptionType.INT, dflt, help, null);
    }

    public static OptionSpec optionalInt(String name, String help) {
        return new OptionSpec(name, OptionType.OPTIONAL_INT, null, help, null);
    }

    public static OptionSpec str(String name, String dflt, String help) {
        return new OptionSpec(name, OptionType.STR, dflt, help, null);
    }

    public static OptionSpec optionalStr(String name, String help) {
        return new OptionSpec(name, OptionType.OPTIONAL_STR, null, help, null);
    }

    public static OptionSpec size(String name, long dflt, String help) {
        return new OptionSpec(name, OptionType.SIZE, dflt, help, null);
    }

    public static OptionSpec optionalSize(String name, String help) {
        return new OptionSpec(name, OptionType.OPTIONAL_SIZE, null, help, null);
    }

    public static OptionSpec choice(String name, String dflt, List<String> choices, String help) {
        return new OptionSpec(name, OptionType.CHOICE, dflt, help, choices);
    }

    public static OptionSpec list(String name, List<String> dflt, String help) {
        return new OptionSpec(name, OptionType.LIST, dflt, help, null);
    }

    /** The type as shown in help: {@code choice (a, b, c)} for choices. */
    public String typeText() {
        return type == OptionType.CHOICE ? "choice (" + String.join(", ", choices) + ")" : type.word();
    }
}
