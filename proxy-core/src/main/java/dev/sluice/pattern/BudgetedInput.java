package dev.sluice.pattern;

import java.nio.charset.StandardCharsets;

/**
 * The text a regex runs over, with a time budget: every {@value #CHECK_EVERY} character reads it
 * looks at the clock, and once the budget is spent the next read throws {@link OverBudget}.
 * Backtracking always reads characters, so a runaway match cannot escape the check. The clock
 * starts at the first check, so short matches never read it at all.
 *
 * <p>Reads either a {@link CharSequence} or a byte array seen as ISO-8859-1 (one char per byte,
 * no copy), which is how byte regexes see bodies and headers.
 */
final class BudgetedInput implements CharSequence {

    /** Thrown from {@link #charAt} when the budget is spent; carries no stack trace. */
    static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("regex time budget exceeded", null, false, false);
        }
    }

    static final int CHECK_EVERY = 4096;

    private final CharSequence chars;
    private final byte[] bytes;
    private final int length;
    private final long budgetNanos;
    private int readsUntilCheck = CHECK_EVERY;
    private long deadline;
    private boolean clockStarted;

    private BudgetedInput(CharSequence chars, byte[] bytes, int length, long budgetNanos) {
        this.chars = chars;
        this.bytes = bytes;
        this.length = length;
        this.budgetNanos = budgetNanos;
    }

    static BudgetedInput of(CharSequence chars, long budgetNanos) {
        return new BudgetedInput(chars, null, chars.length(), budgetNanos);
    }

    static BudgetedInput of(byte[] bytes, long budgetNanos) {
        return of(bytes, bytes.length, budgetNanos);
    }

    /** The first {@code length} bytes of the array. */
    static BudgetedInput of(byte[] bytes, int length, long budgetNanos) {
        return new BudgetedInput(null, bytes, length, budgetNanos);
    }

    /** Where the prefix next occurs at or after {@code from}, or -1; a plain scan, outside the budget. */
    int indexOf(LiteralPrefix prefix, int from) {
        return bytes != null ? prefix.indexIn(bytes, from) : prefix.indexIn(chars, from);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (--readsUntilCheck <= 0) checkClock();
        if (bytes != null) {
            if (index < 0 || index >= length) throw new IndexOutOfBoundsException(index);
            return (char) (bytes[index] & 0xff);
        }
        return chars.charAt(index);
    }

    private void checkClock() {
        readsUntilCheck = CHECK_EVERY;
        long now = System.nanoTime();
        if (!clockStarted) {
            clockStarted = true;
            deadline = now + budgetNanos;
        } else if (now - deadline > 0) {
            throw new OverBudget();
        }
    }

    /** Group text and replacements: copies, outside the budget (they do not backtrack). */
    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) throw new IndexOutOfBoundsException(start + ".." + end);
        if (bytes != null) return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        return chars.subSequence(start, end).toString();
    }

    @Override
    public String toString() {
        return subSequence(0, length).toString();
    }
}
