package dev.sluice.command;

import java.util.ArrayList;
import java.util.List;

/**
 * A named, typed command. The last parameter may be variadic. {@code run} receives converted
 * arguments: String, Long, Boolean, List&lt;Flow&gt;, Flow, List&lt;String&gt; by type.
 */
public record Command(String name, List<Param> params, String returns, String help, Body body) {

    /** A parameter; a {@code choice} parameter lists the values it accepts (empty: any, checked by the command). */
    public record Param(String name, ArgType type, boolean variadic, List<String> choices) {
        public Param {
            choices = List.copyOf(choices);
        }

        public Param(String name, ArgType type, boolean variadic) {
            this(name, type, variadic, List.of());
        }

        public static Param of(String name, ArgType type) {
            return new Param(name, type, false);
        }

        public static Param variadic(String name, ArgType type) {
            return new Param(name, type, true);
        }

        /** A {@code choice} parameter that accepts exactly these values (completion offers them). */
        public static Param choice(String name, List<String> values) {
            return new Param(name, ArgType.CHOICE, false, values);
        }

        @Override
        public String toString() {
            return (variadic ? "*" : "") + name + ":" + type.word();
        }
    }

    @FunctionalInterface
    public interface Body {
        Object run(List<Object> args) throws CommandException;
    }

    /** {@code name param:type ... [-> type]} */
    public String signature() {
        List<String> parts = new ArrayList<>();
        parts.add(name);
        for (Param p : params) parts.add(p.toString());
        if (returns != null) parts.add("-> " + returns);
        return String.join(" ", parts);
    }
}
