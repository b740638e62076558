package dev.sluice.tui.screen;

import java.util.List;

/** One window of a pane's stack (console.md §2): it draws itself and answers navigation. */
public interface Window {

    /** The pane title line, e.g. {@code Flows}. */
    String title();

    /** The key context looked up before {@code global}, e.g. {@code flowlist}. */
    String context();

    void draw(Canvas canvas);

    /** The quick help bar's entries, {@code key:meaning}. */
    List<String> quickHelp();

    /** console.nav.* on this window. */
    default void navigate(Nav nav) {
    }

    /** console.nav.select (enter) on this window. */
    default void select() {
    }

    /** A key before the key map: a window that takes typing (a grid cell being edited) returns true. */
    default boolean keyFirst(String key) {
        return false;
    }

    /** Asked before the window is popped; false keeps it open (a grid whose rows were refused). */
    default boolean close() {
        return true;
    }

    /** A mouse click at a cell of the window's body (console_mouse); a double click opens. */
    default void click(int col, int row, boolean doubleClick) {
    }
}
