package dev.sluice.tui.grid;

import dev.sluice.tui.Console;
import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.Nav;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.TerminalText;
import dev.sluice.tui.screen.Window;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grid editor (console.md §3.3, §9, §10.1): rows × columns of a {@link GridTarget}. {@code enter}
 * edits the focused cell in place ({@code esc} or {@code enter} stops, {@code tab} goes on to the
 * next cell); rows are added, inserted and deleted with the grideditor commands; leaving the
 * window ({@code q}, {@code esc}) applies all rows at once, and a refusal keeps the grid open with
 * the row at fault highlighted.
 */
public final class GridEditorWindow implements Window {

    private final Console console;
    private final GridTarget target;
    private final CellCodec codec;
    private final List<String[]> rows = new ArrayList<>();
    private int row;
    private int col;
    private int top;
    private int page = 1;
    /** The text of the cell being edited, or null when not editing. */
    private StringBuilder editing;
    private int cursor;
    private int faultRow = -1;

    public GridEditorWindow(Console console, GridTarget target) {
        this.console = console;
        this.target = target;
        this.codec = target.codec();
        for (List<String> r : target.rows()) rows.add(r.toArray(String[]::new));
    }

    @Override
    public String title() {
        return target.title();
    }

    @Override
    public String context() {
        return "grideditor";
    }

    @Override
    public List<String> quickHelp() {
        if (editing != null) return List.of("esc:stop editing", "tab:next cell");
        return List.of("enter:edit", "a:add", "A:insert", "d:delete", "e:editor", "w:save", "q:apply");
    }

    // ---- what tests and commands read ----

    /** The stored values of every row. */
    public List<List<String>> values() {
        List<List<String>> out = new ArrayList<>();
        for (String[] r : rows) out.add(List.of(r));
        return out;
    }

    public boolean isEditing() {
        return editing != null;
    }

    public int focusRow() {
        return row;
    }

    public int faultRow() {
        return faultRow;
    }

    // ---- drawing ----

    @Override
    public void draw(Canvas c) {
        List<String> columns = target.columns();
        int[] widths = widths(c.width() - 3, columns.size());
        c.fill(0, Role.HEADER_NAME);
        int x = 3;
        for (int i = 0; i < columns.size(); i++) {
            c.text(x, 0, columns.get(i), Role.HEADER_NAME, widths[i] - 1);
            x += widths[i];
        }
        page = Math.max(1, c.height() - 1);
        if (row < top) top = row;
        if (row >= top + page) top = row - page + 1;
        if (rows.isEmpty()) {
            c.fill(1, Role.NORMAL);
            c.text(3, 1, "No rows. Press a to add one.", Role.DIM);
        }
        for (int i = 0; i < page && top + i < rows.size(); i++) drawRow(c, top + i, 1 + i, widths);
    }

    private void drawRow(Canvas c, int index, int y, int[] widths) {
        boolean focused = index == row;
        Role base = index == faultRow ? Role.ERROR : Role.NORMAL;
        c.fill(y, base);
        c.text(0, y, focused ? c.glyphs().focus() : "", Role.FOCUS, 2);
        int x = 3;
        String[] r = rows.get(index);
        for (int i = 0; i < r.length; i++) {
            boolean cell = focused && i == col;
            if (cell && editing != null) {
                drawEditing(c.region(x, y, widths[i] - 1, 1));
            } else {
                Role role = cell ? Role.FOCUS : codec.editable(r[i]) ? base : Role.DIM;
                c.text(x, y, codec.show(r[i]), role, widths[i] - 1);
            }
            x += widths[i];
        }
    }

    /** The cell being edited: its text scrolled so the cursor (drawn as a focused cell) stays visible. */
    private void drawEditing(Canvas c) {
        String text = editing.toString();
        int from = Math.max(0, cursor - c.width() + 1);
        String before = text.substring(from, cursor);
        String at = cursor < text.length() ? text.substring(cursor, cursor + 1) : " ";
        String after = cursor + 1 < text.length() ? text.substring(cursor + 1) : "";
        c.fill(0, Role.ACTIVE_TAB);
        int x = c.text(0, 0, before, Role.ACTIVE_TAB);
        x = c.text(x, 0, at, Role.FOCUS);
        c.text(x, 0, after, Role.ACTIVE_TAB);
    }

    /** Column widths: every column but the last as wide as its widest text (at most a third), the last the rest. */
    private int[] widths(int total, int n) {
        int[] w = new int[n];
        int used = 0;
        for (int i = 0; i < n - 1; i++) {
            int widest = TerminalText.width(target.columns().get(i));
            for (String[] r : rows) widest = Math.max(widest, TerminalText.width(codec.show(r[i])));
            w[i] = Math.max(6, Math.min(widest + 2, total / 3));
            used += w[i];
        }
        w[n - 1] = Math.max(6, total - used);
        return w;
    }

    // ---- keys ----

    /** While a cell is edited every key goes to it; otherwise the key map decides. */
    @Override
    public boolean keyFirst(String key) {
        if (editing == null) return false;
        switch (key) {
            case "esc", "enter" -> stopEditing();
            case "tab" -> {
                if (stopEditing()) {
                    nextCell();
                    startEditing();
                }
            }
            case "backspace" -> {
                if (cursor > 0) editing.deleteCharAt(--cursor);
            }
            case "delete" -> {
                if (cursor < editing.length()) editing.deleteCharAt(cursor);
            }
            case "left" -> cursor = Math.max(0, cursor - 1);
            case "right" -> cursor = Math.min(editing.length(), cursor + 1);
            case "home", "ctrl a" -> cursor = 0;
            case "end", "ctrl e" -> cursor = editing.length();
            case "ctrl u" -> {
                editing.delete(0, cursor);
                cursor = 0;
            }
            case "ctrl k" -> editing.setLength(cursor);
            case "space" -> editing.insert(cursor++, ' ');
            default -> {
                if (key.codePointCount(0, key.length()) == 1) {
                    editing.insert(cursor, key);
                    cursor += key.length();
                }
            }
        }
        return true;
    }

    /** enter: edits the focused cell (on an empty grid, adds a row first). */
    @Override
    public void select() {
        if (rows.isEmpty()) {
            add(0);
            return;
        }
        startEditing();
    }

    private void startEditing() {
        if (rows.isEmpty()) return;
        String value = rows.get(row)[col];
        if (!codec.editable(value)) {
            console.message("This item contains control characters; change it at the prompt with set.");
            return;
        }
        editing = new StringBuilder(codec.show(value));
        cursor = editing.length();
    }

    /** Stores the edited text in its cell; a text that does not decode keeps the cell open. */
    private boolean stopEditing() {
        try {
            rows.get(row)[col] = codec.read(editing.toString());
            editing = null;
            return true;
        } catch (IllegalArgumentException e) {
            console.sluice().log().error(e.getMessage());
            return false;
        }
    }

    private void nextCell() {
        if (rows.isEmpty()) return;
        if (col + 1 < target.columns().size()) {
            col++;
        } else if (row + 1 < rows.size()) {
            col = 0;
            row++;
        }
    }

    @Override
    public void navigate(Nav nav) {
        if (rows.isEmpty()) return;
        switch (nav) {
            case UP -> row--;
            case DOWN -> row++;
            case LEFT -> col--;
            case RIGHT -> col++;
            case NEXT -> nextCell();
            case PAGE_UP -> row -= page;
            case PAGE_DOWN -> row += page;
            case START -> row = 0;
            case END -> row = rows.size() - 1;
        }
        row = Math.max(0, Math.min(row, rows.size() - 1));
        col = Math.max(0, Math.min(col, target.columns().size() - 1));
    }

    @Override
    public void click(int x, int y, boolean doubleClick) {
        int index = top + y - 1;
        if (y < 1 || index >= rows.size()) return;
        row = index;
        if (doubleClick) startEditing();
    }

    // ---- the grideditor commands ----

    /** {@code a}: a row after the focused one, edited at once. */
    public void addRow() {
        add(rows.isEmpty() ? 0 : row + 1);
    }

    /** {@code A}: a row before the focused one, edited at once. */
    public void insertRow() {
        add(row);
    }

    private void add(int at) {
        String[] blank = new String[target.columns().size()];
        Arrays.fill(blank, "");
        rows.add(at, blank);
        row = at;
        col = 0;
        if (faultRow >= at) faultRow++;
        startEditing();
    }

    /** {@code d}: deletes the focused row. */
    public void deleteRow() {
        if (rows.isEmpty()) return;
        rows.remove(row);
        if (faultRow == row) faultRow = -1;
        else if (faultRow > row) faultRow--;
        row = Math.max(0, Math.min(row, rows.size() - 1));
    }

    /** The focused cell's value (null on an empty grid). */
    public String cell() {
        return rows.isEmpty() ? null : rows.get(row)[col];
    }

    /** Sets the focused cell's value (external editor, files). */
    public void setCell(String value) {
        if (!rows.isEmpty()) rows.get(row)[col] = value;
    }

    public CellCodec codec() {
        return codec;
    }

    /** {@code r}: the file's bytes become the focused cell's value. */
    public void load(Path file) throws IOException {
        setCell(codec.fromFile(Files.readAllBytes(file)));
    }

    /** {@code R}: the file holds the cell as it is typed (escapes decoded), one trailing newline ignored. */
    public void loadEscaped(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        setCell(codec.read(text));
    }

    /** {@code w}: the rows as CSV (RFC 4180), no header line, as mitmproxy writes them. */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(csv(r[i]));
            }
            sb.append("\r\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String csv(String v) {
        if (v.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\r' || ch == '\n')) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** Leaving applies the rows (blank ones dropped); a refusal keeps the grid open at the row at fault. */
    @Override
    public boolean close() {
        if (editing != null && !stopEditing()) return false;
        List<List<String>> kept = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (Arrays.stream(rows.get(i)).allMatch(String::isEmpty)) continue;
            kept.add(List.of(rows.get(i)));
            index.add(i);
        }
        try {
            target.apply(kept);
            return true;
        } catch (GridTarget.Refused e) {
            faultRow = e.row() >= 0 && e.row() < index.size() ? index.get(e.row()) : -1;
            if (faultRow >= 0) row = faultRow;
            console.sluice().log().error(e.getMessage());
            return false;
        }
    }
}
