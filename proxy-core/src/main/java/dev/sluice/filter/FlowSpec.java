package dev.sluice.filter;

import dev.sluice.flow.Flow;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A flow specification in a command argument (filters.md §6): {@code @all}, {@code @focus},
 * {@code @shown}, {@code @hidden}, {@code @marked}, {@code @unmarked}, {@code @<id>[,<id>...]}
 * or a filter expression. Parsed once, resolved against a {@link Context} each time.
 */
public sealed interface FlowSpec {

    /** What a spec is resolved against; the flow view implements it. */
    interface Context {
        /** Every stored flow, in arrival order. */
        List<Flow> stored();

        /** The flows the view shows, in view order. */
        List<Flow> shown();

        /** The focused flow, or null when there is none. */
        Flow focused();
    }

    /**
     * Parses a flow specification.
     *
     * @throws IllegalArgumentException {@code Invalid flow specification: <spec>} for an unknown
     *     {@code @} word, or a {@link FilterException} for an invalid filter expression
     */
    static FlowSpec parse(String spec) {
        if (spec.startsWith("@")) {
            for (Named named : Named.values()) {
                if (named.word.equals(spec)) return named;
            }
            List<String> ids = Arrays.asList(spec.substring(1).split(",", -1));
            if (ids.stream().allMatch(id -> Ids.UUID.matcher(id).matches())) return new Ids(ids);
            throw new IllegalArgumentException("Invalid flow specification: " + spec);
        }
        return new Matching(FlowFilter.parse(spec));
    }

    /** The flows this spec selects now. */
    List<Flow> resolve(Context context);

    /**
     * The single flow a one-flow command acts on.
     *
     * @throws IllegalArgumentException {@code Command requires one flow, specification matched <n>.}
     */
    default Flow resolveOne(Context context) {
        List<Flow> flows = resolve(context);
        if (flows.size() != 1) {
            throw new IllegalArgumentException("Command requires one flow, specification matched " + flows.size() + ".");
        }
        return flows.get(0);
    }

    /** The {@code @} words. */
    enum Named implements FlowSpec {
        ALL("@all"), FOCUS("@focus"), SHOWN("@shown"), HIDDEN("@hidden"), MARKED("@marked"), UNMARKED("@unmarked");

        private final String word;

        Named(String word) {
            this.word = word;
        }

        @Override
        public List<Flow> resolve(Context context) {
            return switch (this) {
                case ALL -> List.copyOf(context.stored());
                case FOCUS -> context.focused() == null ? List.of() : List.of(context.focused());
                case SHOWN -> List.copyOf(context.shown());
                case HIDDEN -> {
                    Set<Flow> shown = Collections.newSetFromMap(new IdentityHashMap<>());
                    shown.addAll(context.shown());
                    yield context.stored().stream().filter(f -> !shown.contains(f)).toList();
                }
                case MARKED -> context.stored().stream().filter(f -> !f.marked().isEmpty()).toList();
                case UNMARKED -> context.stored().stream().filter(f -> f.marked().isEmpty()).toList();
            };
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /** {@code @<id>[,<id>...]}: the stored flows with these ids, in arrival order. */
    record Ids(List<String> ids) implements FlowSpec {
        private static final Pattern UUID =
                Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        public Ids {
            ids = ids.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public List<Flow> resolve(Context context) {
            return context.stored().stream().filter(f -> ids.contains(f.id().toLowerCase(Locale.ROOT))).toList();
        }

        @Override
        public String toString() {
            return "@" + String.join(",", ids);
        }
    }

    /** A filter expression, matched against all stored flows, in arrival order. */
    record Matching(FlowFilter filter) implements FlowSpec {
        @Override
        public List<Flow> resolve(Context context) {
            return context.stored().stream().filter(filter::test).toList();
        }

        @Override
        public String toString() {
            return filter.toString();
        }
    }
}
