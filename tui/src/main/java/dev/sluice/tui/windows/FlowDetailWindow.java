package dev.sluice.tui.windows;

import dev.sluice.flow.Flow;
import dev.sluice.tui.Console;
import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.FlowRows;
import dev.sluice.tui.screen.Formats;
import dev.sluice.tui.screen.Nav;
import dev.sluice.tui.screen.Role;
import dev.sluice.tui.screen.TerminalText;
import dev.sluice.tui.screen.Window;
import dev.sluice.tui.windows.FlowDetailText.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The flow view (console.md §5): the focused flow's Request, Response and Detail tabs. The tab's
 * lines are built and wrapped once per change of the flow, mode, width or cut-off, not per frame.
 */
public final class FlowDetailWindow implements Window {

    public enum Tab { REQUEST, RESPONSE, DETAIL }

    private record Wrapped(List<TerminalText.Segment> segments, Role role) {
    }

    private final Console console;
    private Tab tab = Tab.REQUEST;
    private int offset;
    private int page = 1;
    private Object cacheKey;
    private List<Wrapped> cache = List.of();
    private String searchTerm;
    /** The row of the last search hit (the next search starts after it), -1 before any. */
    private int hit = -1;
    /** Where each tab title ends on the tab line, for clicks. */
    private final int[] tabEnds = new int[Tab.values().length];

    public FlowDetailWindow(Console console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "Flow Details";
    }

    @Override
    public String context() {
        return "flowview";
    }

    @Override
    public List<String> quickHelp() {
        return List.of("q:back", "tab:next tab", "m:mode", "f:full", "/:search", "e:edit", "r:replay", "?:help");
    }

    public Tab tab() {
        return tab;
    }

    public Flow flow() {
        return console.view().focused();
    }

    /** The content view mode of the current tab for the flow ("auto" unless set with m). */
    public String mode() {
        Flow f = flow();
        String dflt = console.options().str("console_default_contentview");
        return f == null ? dflt : console.flowSetting(f, "mode." + tab.name().toLowerCase(java.util.Locale.ROOT), dflt);
    }

    @Override
    public void draw(Canvas c) {
        Flow f = flow();
        if (f == null) {
            c.text(0, 0, "No flow.", Role.DIM);
            return;
        }
        drawTopLine(c, f);
        drawTabs(c, f);
        Canvas body = c.region(0, 2, c.width(), c.height() - 2);
        page = Math.max(1, body.height());
        List<Wrapped> lines = lines(f, body.width());
        offset = Math.max(0, Math.min(offset, Math.max(0, lines.size() - page)));
        for (int i = 0; i < page && offset + i < lines.size(); i++) {
            Wrapped w = lines.get(offset + i);
            body.fill(i, Role.NORMAL);
            body.segments(0, i, w.segments(), w.role());
        }
    }

    private void drawTopLine(Canvas c, Flow f) {
        c.fill(0, Role.NORMAL);
        boolean showhost = console.options().bool("showhost");
        String right = FlowRows.code(f, c.glyphs()) + " " + FlowRows.size(f, false) + " " + FlowRows.duration(f);
        int col = c.text(0, 0, Formats.clock(FlowRows.start(f)), Role.DIM);
        col = c.text(col + 1, 0, FlowRows.method(f), Role.METHOD);
        c.text(col + 1, 0, FlowRows.url(f, showhost), Role.NORMAL, c.width() - col - 2 - right.length() - 1);
        c.textRight(0, right.strip(), Role.NORMAL);
    }

    private void drawTabs(Canvas c, Flow f) {
        c.fill(1, Role.NORMAL);
        int col = 0;
        for (Tab t : Tab.values()) {
            String name = tabTitle(t, f);
            String shown = t == tab ? "[" + name + "]" : " " + name + " ";
            tabEnds[t.ordinal()] = col = c.text(col, 1, shown, t == tab ? Role.ACTIVE_TAB : Role.DIM) + 1;
        }
    }

    /** A click on the tab line switches to the tab under the pointer. */
    @Override
    public void click(int col, int row, boolean doubleClick) {
        if (row != 1) return;
        for (Tab t : Tab.values()) {
            if (col < tabEnds[t.ordinal()]) {
                if (t != tab) switchTab(t.ordinal() - tab.ordinal());
                return;
            }
        }
    }

    private static String tabTitle(Tab t, Flow f) {
        return switch (t) {
            case REQUEST -> f.isIntercepted() && f.response() == null ? "Request intercepted" : "Request";
            case RESPONSE -> f.isIntercepted() && f.response() != null ? "Response intercepted" : "Response";
            case DETAIL -> "Detail";
        };
    }

    private List<Wrapped> lines(Flow f, int width) {
        boolean full = Boolean.parseBoolean(console.flowSetting(f, "fullcontents", "false"));
        long cutoff = full ? Long.MAX_VALUE : console.options().integer("content_view_lines_cutoff");
        Object key = List.of(tab, width, mode(), cutoff, System.identityHashCode(f), stamp(f));
        if (Objects.equals(key, cacheKey)) return cache;
        List<Line> raw = switch (tab) {
            case REQUEST -> FlowDetailText.request(f, mode(), cutoff);
            case RESPONSE -> FlowDetailText.response(f, mode(), cutoff);
            case DETAIL -> FlowDetailText.detail(f);
        };
        List<Wrapped> out = new ArrayList<>();
        for (Line l : raw) {
            for (List<TerminalText.Segment> row : TerminalText.wrap(l.text(), Math.max(1, width))) out.add(new Wrapped(row, l.role()));
        }
        cacheKey = key;
        cache = out;
        return out;
    }

    /** Changes whenever what the tabs show may have changed. */
    private static List<Object> stamp(Flow f) {
        return List.of(System.identityHashCode(f.request()), System.identityHashCode(f.response()),
                f.request() == null || f.request().body() == null ? -1 : System.identityHashCode(f.request().body()),
                f.response() == null || f.response().body() == null ? -1 : System.identityHashCode(f.response().body()),
                f.request() == null ? 0 : f.request().headers().hashCode(), f.response() == null ? 0 : f.response().headers().hashCode(),
                f.request() == null ? "" : f.request().method() + " " + f.request().url(),
                f.response() == null ? "" : f.response().statusCode() + " " + f.response().reason(),
                String.valueOf(f.error()), f.isIntercepted(), f.marked(), f.comment());
    }

    /**
     * Searches the tab's text (plain, case-sensitive substring) after the last hit (or from the top
     * row), forward or backward, wrapping around, and scrolls to the hit; false when there is none.
     */
    public boolean search(String term, boolean forward) {
        if (term != null) searchTerm = term;
        if (searchTerm == null || searchTerm.isEmpty() || cache.isEmpty()) return false;
        int n = cache.size();
        int from = hit >= 0 && hit < n ? hit : offset - (forward ? 1 : 0);
        for (int step = 1; step <= n; step++) {
            int row = Math.floorMod(from + (forward ? step : -step), n);
            if (rowText(cache.get(row)).contains(searchTerm)) {
                hit = row;
                offset = row;
                return true;
            }
        }
        return false;
    }

    private static String rowText(Wrapped w) {
        StringBuilder sb = new StringBuilder();
        for (TerminalText.Segment s : w.segments()) sb.append(s.text());
        return sb.toString();
    }

    @Override
    public void navigate(Nav nav) {
        switch (nav) {
            case RIGHT, NEXT -> switchTab(1);
            case LEFT -> switchTab(-1);
            case UP -> offset--;
            case DOWN -> offset++;
            case PAGE_UP -> offset -= page;
            case PAGE_DOWN -> offset += page;
            case START -> offset = 0;
            case END -> offset = Integer.MAX_VALUE / 2;
        }
        offset = Math.max(0, offset);
    }

    private void switchTab(int delta) {
        tab = Tab.values()[Math.floorMod(tab.ordinal() + delta, Tab.values().length)];
        offset = 0;
        hit = -1;
    }
}
