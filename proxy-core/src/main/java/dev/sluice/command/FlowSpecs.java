package dev.sluice.command;

import dev.sluice.flow.Flow;
import java.util.function.Predicate;

/** Compiles the filter part of a flow specification. Replaced by the filter language when it lands. */
final class FlowSpecs {
    private FlowSpecs() {
    }

    static Predicate<Flow> compile(String spec) throws CommandException {
        throw new CommandException("Invalid flow specification: " + spec);
    }
}
