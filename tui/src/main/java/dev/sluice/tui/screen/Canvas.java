package dev.sluice.tui.screen;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/**
 * A rectangle of the screen to draw in. Every string passes {@link TerminalText} (sanitised, cut
 * to the cells left on the row, escapes in their own colour), so nothing drawn can leave its
 * rectangle or reach the terminal as a control sequence.
 */
public final class Canvas {

    private final TextGraphics g;
    private final int left;
    private final int top;
    private final int width;
    private final int height;
    private final Palette palette;
    private final Glyphs glyphs;

    public Canvas(TextGraphics g, int left, int top, int width, int height, Palette palette, Glyphs glyphs) {
        this.g = g;
        this.left = left;
        this.top = top;
        this.width = Math.max(0, width);
        this.height = Math.max(0, height);
        this.palette = palette;
        this.glyphs = glyphs;
    }

    /** Screen column of this rectangle's left edge. */
    public int left() {
        return left;
    }

    /** Screen row of this rectangle's top edge. */
    public int top() {
        return top;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Glyphs glyphs() {
        return glyphs;
    }

    /** A sub-rectangle (clipped to this one). */
    public Canvas region(int col, int row, int w, int h) {
        int c = Math.min(col, width);
        int r = Math.min(row, height);
        return new Canvas(g, left + c, top + r, Math.min(w, width - c), Math.min(h, height - r), palette, glyphs);
    }

    /** Fills a row with blanks in the role's colours. */
    public void fill(int row, Role role) {
        if (row < 0 || row >= height || width == 0) return;
        apply(role);
        g.fillRectangle(new TerminalPosition(left, top + row), new TerminalSize(width, 1), ' ');
    }

    /** Draws text at a cell, cut with an ellipsis at the rectangle's edge; returns the column after it. */
    public int text(int col, int row, String raw, Role role) {
        return text(col, row, raw, role, width - col);
    }

    /** Draws text in at most {@code cells} cells; returns the column after it. */
    public int text(int col, int row, String raw, Role role, int cells) {
        if (row < 0 || row >= height || col >= width || cells <= 0) return col;
        return segments(col, row, TerminalText.fit(raw, Math.min(cells, width - col), glyphs.ellipsis()), role);
    }

    /** Draws already fitted segments; returns the column after them. */
    public int segments(int col, int row, List<TerminalText.Segment> segments, Role role) {
        if (row < 0 || row >= height) return col;
        int c = col;
        for (TerminalText.Segment s : segments) {
            if (c >= width) break;
            apply(s.escape() ? Role.ESCAPE : role);
            g.putString(left + c, top + row, s.text());
            c += TerminalText.width(s.text());
        }
        return c;
    }

    /** Right-aligns text on a row; returns its first column. */
    public int textRight(int row, String raw, Role role) {
        int w = Math.min(TerminalText.width(raw), width);
        text(width - w, row, raw, role, w);
        return width - w;
    }

    private void apply(Role role) {
        Palette.Style s = palette.style(role);
        g.setForegroundColor(s.fg());
        g.setBackgroundColor(s.bg());
        g.clearModifiers();
        if (!s.sgr().isEmpty()) g.setModifiers(s.sgr());
    }
}
