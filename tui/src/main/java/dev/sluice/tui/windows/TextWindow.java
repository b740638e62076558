package dev.sluice.tui.windows;

import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.Nav;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.Window;
import java.util.List;
import java.util.function.Supplier;

/**
 * A read-only text window that scrolls: command results (data viewer), help, commands, key
 * bindings and the event log. Lines are supplied fresh at each draw so they follow changes;
 * with {@code followEnd} the view sticks to the last line until the user scrolls up.
 */
public class TextWindow implements Window {

    /** A line and its role (e.g. headings in the title colour). */
    public record Line(String text, Role role) {
        public static Line of(String text) {
            return new Line(text, Role.NORMAL);
        }
    }

    private final String title;
    private final String context;
    private final Supplier<List<Line>> lines;
    private final boolean followEnd;
    private int offset;
    private int page = 1;
    private boolean atEnd = true;

    public TextWindow(String title, String context, List<String> plain) {
        this(title, context, () -> plain.stream().map(Line::of).toList(), false);
    }

    public TextWindow(String title, String context, Supplier<List<Line>> lines, boolean followEnd) {
        this.title = title;
        this.context = context;
        this.lines = lines;
        this.followEnd = followEnd;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String context() {
        return context;
    }

    @Override
    public List<String> quickHelp() {
        return List.of("q:back", "?:help");
    }

    @Override
    public void draw(Canvas c) {
        List<Line> all = lines.get();
        page = Math.max(1, c.height());
        int max = Math.max(0, all.size() - page);
        if (followEnd && atEnd) offset = max;
        offset = Math.max(0, Math.min(offset, max));
        for (int i = 0; i < page && offset + i < all.size(); i++) {
            Line l = all.get(offset + i);
            c.fill(i, Role.NORMAL);
            c.text(0, i, l.text(), l.role());
        }
    }

    @Override
    public void navigate(Nav nav) {
        int total = lines.get().size();
        int max = Math.max(0, total - page);
        offset = switch (nav) {
            case UP -> offset - 1;
            case DOWN -> offset + 1;
            case PAGE_UP -> offset - page;
            case PAGE_DOWN -> offset + page;
            case START -> 0;
            case END -> max;
            default -> offset;
        };
        offset = Math.max(0, Math.min(offset, max));
        atEnd = offset >= max;
    }
}
