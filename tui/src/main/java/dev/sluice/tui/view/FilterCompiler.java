package dev.sluice.tui.view;

import dev.sluice.flow.Flow;
import java.util.function.Predicate;

/**
 * Turns a filter expression into a predicate; the view filter, flow specs and the status bar go
 * through this one seam so the filter language plugs in with a single line
 * ({@link FilterCompilers#DEFAULT}).
 */
@FunctionalInterface
public interface FilterCompiler {

    /** @throws IllegalArgumentException with the user-facing message for an invalid expression */
    Predicate<Flow> compile(String expression);
}
