package dev.sluice.filter;

import dev.sluice.option.OptionsException;

/** Compiles the value of a filter-valued option; a bad expression is refused naming the option. */
public final class FilterOption {
    private FilterOption() {
    }

    /**
     * The compiled filter, or null when the option is unset.
     *
     * @throws OptionsException {@code Invalid value for <name>: Invalid filter expression: '<f>' (<detail>)}
     */
    public static FlowFilter compile(String optionName, String expression) throws OptionsException {
        if (expression == null) return null;
        try {
            return FlowFilter.parse(expression);
        } catch (FilterException e) {
            throw OptionsException.invalid(optionName, e.getMessage());
        }
    }
}
