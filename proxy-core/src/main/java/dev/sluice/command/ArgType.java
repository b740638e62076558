package dev.sluice.command;

/** Argument types of the command language (console.md §7.2). */
public enum ArgType {
    STR("str"), INT("int"), BOOL("bool"), PATH("path"), CMD("cmd"), ARG("arg"), STRS("str[]"),
    FLOW("flow"), FLOWS("flow[]"), CUTS("cut[]"), MARKER("marker"), CHOICE("choice");

    private final String word;

    ArgType(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
