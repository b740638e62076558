package dev.sluice.tui.view;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import java.util.function.Predicate;

/**
 * Turns a filter expression into a predicate: the view filter goes through this seam, so the
 * view can be tested with simpler predicates and the language stays in one place ({@link #LANGUAGE}).
 */
@FunctionalInterface
public interface FilterCompiler {

    /** The filter language of filters.md. */
    FilterCompiler LANGUAGE = expression -> FlowFilter.parse(expression)::test;

    /** @throws IllegalArgumentException with the user-facing message for an invalid expression */
    Predicate<Flow> compile(String expression);
}
