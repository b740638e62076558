package dev.sluice.tui.grid;

import java.util.List;

/** What a grid editor edits: its columns, the rows it starts with, and where the rows go when it closes. */
public interface GridTarget {

    /** The pane title, e.g. {@code Edit request headers}. */
    String title();

    List<String> columns();

    /** The stored values, one list per row, as wide as {@link #columns()}. */
    List<List<String>> rows();

    CellCodec codec();

    /**
     * Takes the rows (those with every cell empty already dropped) as one change.
     *
     * @throws Refused when the rows cannot be applied; nothing has changed then
     */
    void apply(List<List<String>> rows) throws Refused;

    /** A refusal, with the index (in the rows given) of the row at fault, or -1 when no row is. */
    final class Refused extends Exception {
        private final int row;

        public Refused(String message, int row) {
            super(message);
            this.row = row;
        }

        public int row() {
            return row;
        }
    }
}
