package dev.sluice.pattern;

import dev.sluice.option.OptionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses the items of a pattern-list option; a bad item refuses the whole value, naming the item. */
public final class PatternOption {
    private PatternOption() {
    }

    /**
     * Every item parsed, in order.
     *
     * @throws OptionsException {@code Cannot parse <name> option <item>: <reason>} for the first bad item
     */
    public static <T> List<T> parseAll(String optionName, List<String> items, Function<String, T> parser) throws OptionsException {
        List<T> parsed = new ArrayList<>(items.size());
        for (String item : items) {
            try {
                parsed.add(parser.apply(item));
            } catch (IllegalArgumentException e) {
                throw OptionsException.cannotParse(optionName, item, e.getMessage());
            }
        }
        return List.copyOf(parsed);
    }
}
