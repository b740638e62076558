package dev.sluice.option;

/** The option types of the spec; each knows how its values look in text. */
public enum OptionType {
    BOOL("bool"), INT("int"), OPTIONAL_INT("optional int"), STR("str"), OPTIONAL_STR("optional str"),
    SIZE("size"), OPTIONAL_SIZE("optional size"), CHOICE("choice"), LIST("list");

    private final String word;

    OptionType(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean isOptional() {
        return this == OPTIONAL_INT || this == OPTIONAL_STR || this == OPTIONAL_SIZE;
    }
}
