package dev.sluice.option;

/** A refused option change; the message is the one the user sees, naming the option and the reason. */
public class OptionsException extends Exception {
    public OptionsException(String message) {
        super(message);
    }

    /** {@code Invalid value for <name>: <reason>} */
    public static OptionsException invalid(String name, String reason) {
        return new OptionsException("Invalid value for " + name + ": " + reason);
    }

    /** {@code Cannot parse <name> option <item>: <reason>} */
    public static OptionsException cannotParse(String name, String item, String reason) {
        return new OptionsException("Cannot parse " + name + " option " + item + ": " + reason);
    }

    /** {@code Failed to parse option <name>: <reason>} */
    public static OptionsException conversion(String name, String reason) {
        return new OptionsException("Failed to parse option " + name + ": " + reason);
    }
}
