package dev.sluice.pattern;

import dev.sluice.flow.Flow;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled user regex (made by {@link Regexes#compile}). Every evaluation on flow data runs
 * under the time budget of options-and-patterns.md §11.3: a match that runs too long or overflows
 * the stack counts as no match, and a warning is logged at most once a minute for this regex.
 * Immutable apart from that warning clock, and safe to share between threads.
 */
public final class UserRegex {

    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final String source;
    private final int flags;
    private final Pattern pattern;
    private final Map<String, String> groupNames;
    private final LiteralPrefix prefix; // null: try every position
    private final AtomicLong lastWarning = new AtomicLong(NEVER);

    UserRegex(String source, int flags, Pattern pattern, Map<String, String> groupNames, LiteralPrefix prefix) {
        this.source = source;
        this.flags = flags;
        this.pattern = pattern;
        this.groupNames = groupNames;
        this.prefix = prefix;
    }

    /** The regex as the user wrote it. */
    public String source() {
        return source;
    }

    /** The translated Java pattern (for replacement and inspection; match through this class to keep the budget). */
    public Pattern pattern() {
        return pattern;
    }

    /** Whether this regex sees one char per byte (ASCII classes and case folding). */
    public boolean isBytes() {
        return (flags & Regexes.BYTES) != 0;
    }

    /** Named groups: the user's name → the name in {@link #pattern()} (differs where Java needs a rename). */
    public Map<String, String> groupNames() {
        return groupNames;
    }

    /** Searches text (unanchored); {@code flow} only names the flow in the budget warning. */
    public boolean find(CharSequence text, Flow flow) {
        return find(BudgetedInput.of(text, Regexes.BUDGET_NANOS), flow, null);
    }

    /** Searches bytes, one char per byte (ISO-8859-1), without copying them. */
    public boolean find(byte[] bytes, Flow flow) {
        return find(BudgetedInput.of(bytes, Regexes.BUDGET_NANOS), flow, null);
    }

    /** Searches text that belongs to no flow; {@code subject} names it in the budget warning. */
    public boolean find(CharSequence text, String subject) {
        return find(BudgetedInput.of(text, Regexes.BUDGET_NANOS), null, subject);
    }

    /**
     * Runs any matcher work (find loops, replacement) under the budget and returns its result,
     * or {@code whenOverBudget} when the budget ran out.
     */
    public <T> T apply(CharSequence text, Flow flow, Function<Matcher, T> action, T whenOverBudget) {
        return run(BudgetedInput.of(text, Regexes.BUDGET_NANOS), flow, null, action, whenOverBudget);
    }

    /** {@link #apply(CharSequence, Flow, Function, Object)} over bytes seen as ISO-8859-1. */
    public <T> T apply(byte[] bytes, Flow flow, Function<Matcher, T> action, T whenOverBudget) {
        return apply(bytes, bytes.length, flow, action, whenOverBudget);
    }

    /** {@link #apply(byte[], Flow, Function, Object)} over the first {@code length} bytes (a window of a longer body). */
    public <T> T apply(byte[] bytes, int length, Flow flow, Function<Matcher, T> action, T whenOverBudget) {
        return run(BudgetedInput.of(bytes, length, Regexes.BUDGET_NANOS), flow, null, action, whenOverBudget);
    }

    /**
     * An unanchored search. With a literal prefix, a plain scan finds where a match can start and
     * the regex is tried only there, or not at all when the literal is the whole pattern.
     */
    private boolean find(BudgetedInput input, Flow flow, String subject) {
        if (prefix == null) return run(input, flow, subject, Matcher::find, false);
        int first = input.indexOf(prefix, 0);
        if (first < 0 || prefix.isWholePattern()) return first >= 0;
        return run(input, flow, subject, matcher -> {
            // Lookbehind, \b and ^ must still see the text before the candidate.
            matcher.useTransparentBounds(true).useAnchoringBounds(false);
            for (int at = first; at >= 0; at = input.indexOf(prefix, at + 1)) {
                if (matcher.region(at, input.length()).lookingAt()) return true;
            }
            return false;
        }, false);
    }

    private <T> T run(BudgetedInput input, Flow flow, String subject, Function<Matcher, T> action, T whenOverBudget) {
        try {
            return action.apply(pattern.matcher(input));
        } catch (BudgetedInput.OverBudget | StackOverflowError runaway) {
            // Deep recursion on long input is the same failure as catastrophic backtracking.
            warnOverBudget(flow, subject);
            return whenOverBudget;
        }
    }

    private void warnOverBudget(Flow flow, String subject) {
        long now = System.nanoTime();
        long previous = lastWarning.get();
        if (previous != NEVER && now - previous < WARN_INTERVAL_NANOS) return;
        if (!lastWarning.compareAndSet(previous, now)) return; // another thread just warned
        String where = subject != null ? subject : Regexes.describe(flow);
        Regexes.warn("Regex " + source + " exceeded its time budget on " + where + "; treated as no match");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserRegex r && r.source.equals(source) && r.flags == flags;
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + flags;
    }

    @Override
    public String toString() {
        return source;
    }
}
