package dev.sluice.command;

import dev.sluice.flow.Flow;
import java.util.List;

/** Turns a flow specification ({@code @all}, {@code @focus}, a filter, ...) into flows. */
@FunctionalInterface
public interface FlowResolver {
    List<Flow> resolve(String spec) throws CommandException;
}
