package dev.sluice.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.sluice.log.Level;
import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.Glyphs;
import dev.sluice.tui.screen.Palette;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Draws the whole screen (console.md §2): the visible panes with their title lines, the chooser
 * overlay, the quick help bar, the status bar and the message line.
 */
public final class Renderer {

    static final int MIN_COLUMNS = 40;
    static final int MIN_ROWS = 8;

    private final Console console;
    private final Supplier<Integer> listenPort;
    private Palette palette;
    private final Palette.ColorMode colorMode;
    private final Glyphs glyphs;
    private String paletteKey;
    /** Where each visible pane's window was drawn at the last frame, for mouse clicks. */
    private final List<Area> areas = new ArrayList<>();

    /** A pane's window body on the screen. */
    public record Area(int pane, int left, int top, int width, int height) {
        boolean contains(int col, int row) {
            return col >= left && col < left + width && row >= top && row < top + height;
        }
    }

    /** The pane body under a screen cell at the last frame, or null. */
    public Area areaAt(int col, int row) {
        for (Area a : areas) if (a.contains(col, row)) return a;
        return null;
    }

    public Renderer(Console console, Palette.ColorMode colorMode, Glyphs glyphs, Supplier<Integer> listenPort) {
        this.console = console;
        this.colorMode = colorMode;
        this.glyphs = glyphs;
        this.listenPort = listenPort;
    }

    public void draw(TextGraphics g, TerminalSize size) {
        areas.clear();
        Canvas screen = new Canvas(g, 0, 0, size.getColumns(), size.getRows(), palette(), glyphs);
        for (int r = 0; r < size.getRows(); r++) screen.fill(r, Role.NORMAL);
        if (size.getColumns() < MIN_COLUMNS || size.getRows() < MIN_ROWS) {
            screen.text(0, 0, "Terminal too small", Role.ERROR);
            return;
        }
        boolean quickhelp = console.options().bool("console_quickhelp_visible");
        int bottom = 2 + (quickhelp ? 1 : 0);
        int paneRows = size.getRows() - bottom;
        drawPanes(screen.region(0, 0, size.getColumns(), paneRows));
        int row = paneRows;
        if (quickhelp) drawQuickHelp(screen, row++);
        drawStatus(screen, row++);
        drawMessage(screen, row);
    }

    private Palette palette() {
        String key = console.options().str("console_palette") + console.options().bool("console_palette_transparent");
        if (!key.equals(paletteKey)) {
            palette = Palette.of(console.options().str("console_palette"), console.options().bool("console_palette_transparent"), colorMode);
            paletteKey = key;
        }
        return palette;
    }

    private void drawPanes(Canvas area) {
        String layout = console.options().str("console_layout");
        if (layout.equals("single")) {
            drawPane(area, 0);
        } else if (layout.equals("vertical")) {
            int left = area.width() / 2;
            drawPane(area.region(0, 0, left, area.height()), 0);
            drawPane(area.region(left + 1, 0, area.width() - left - 1, area.height()), 1);
        } else {
            int top = area.height() / 2;
            drawPane(area.region(0, 0, area.width(), top), 0);
            drawPane(area.region(0, top, area.width(), area.height() - top), 1);
        }
    }

    private void drawPane(Canvas area, int index) {
        Window w = console.pane(index).peek();
        boolean focused = console.focusedPane() == index;
        Canvas body = area;
        if (console.options().bool("console_layout_headers")) {
            area.fill(0, focused ? Role.STATUS_BAR : Role.DIM);
            area.text(1, 0, w.title(), focused ? Role.STATUS_BAR : Role.DIM);
            body = area.region(0, 1, area.width(), area.height() - 1);
        }
        w.draw(body);
        areas.add(new Area(index, body.left(), body.top(), body.width(), body.height()));
        if (focused && console.chooser() != null) console.chooser().draw(body);
    }

    private void drawQuickHelp(Canvas c, int row) {
        int col = 0;
        for (String item : console.focusedWindow().quickHelp()) {
            int colon = item.indexOf(':', 1);
            String key = colon < 0 ? item : item.substring(0, colon);
            String what = colon < 0 ? "" : item.substring(colon);
            col = c.text(col, row, key, Role.QUICKHELP_KEY);
            col = c.text(col, row, what, Role.QUICKHELP) + 2;
        }
    }

    private void drawStatus(Canvas c, int row) {
        c.fill(row, Role.STATUS_BAR);
        String right = StatusBar.right(console.options(), listenPort.get());
        String left = StatusBar.left(console.view(), console.options(), console.sluice().commands(), glyphs);
        int rightCol = right.isEmpty() ? c.width() : c.textRight(row, right, Role.STATUS_BAR);
        c.text(0, row, left, Role.STATUS_BAR, Math.max(0, rightCol - 1));
    }

    private void drawMessage(Canvas c, int row) {
        String question = console.question();
        if (question != null) {
            c.text(0, row, question, Role.FOCUS);
            return;
        }
        String flash = console.flash();
        if (flash != null) {
            Level level = console.flashLevel();
            c.text(0, row, flash, level == Level.ERROR ? Role.ERROR : level == Level.WARN ? Role.WARN : Role.NORMAL);
        }
    }
}
