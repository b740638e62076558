package dev.sluice.tui.screen;

import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.option.Sizes;
import java.util.Map;

/**
 * The flow list's row texts and their drawing in table (one row) and list (two rows) layout
 * (console.md §4). The flow view's top line reuses the table row with the time in front.
 */
public final class FlowRows {
    private FlowRows() {
    }

    private static final Map<String, String> MARKER_EMOJI = Map.of(
            ":default:", "●", ":star:", "★", ":heart:", "♥", ":check:", "✓", ":x:", "✗", ":warning:", "⚠");

    static final int TIME = 8;
    static final int METHOD = 7;
    static final int CODE = 3;
    static final int TYPE = 14;
    static final int SIZE = 6;
    static final int DURATION = 6;
    static final int FLAGS = 4;

    public static String url(Flow f, boolean showhost) {
        Request r = f.request();
        if (r == null) return "";
        String url = showhost ? r.prettyUrl() : r.url();
        return r.httpVersion().startsWith("HTTP/1") ? url : url + " " + r.httpVersion();
    }

    public static String method(Flow f) {
        return f.request() == null ? "" : f.request().method();
    }

    public static String code(Flow f, Glyphs g) {
        if (f.response() != null) return Integer.toString(f.response().statusCode());
        return f.error() != null ? "ERR" : g.ellipsis();
    }

    /** Response Content-Type without parameters; for an error flow the error message. */
    public static String type(Flow f) {
        if (f.response() == null) return f.error() != null ? f.error().msg() : "";
        String ct = f.response().headers().get("content-type");
        if (ct == null) return "";
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim();
    }

    /** Response body size; {@code [no content]} / {@code [content missing]} in list layout. */
    public static String size(Flow f, boolean list) {
        Response r = f.response();
        if (r == null) return "";
        long size = r.bodySize();
        if (size < 0) return list ? "[content missing]" : "-";
        if (size == 0) return list ? "[no content]" : "0b";
        return Sizes.format(size);
    }

    /** Response end − request start, or "" while unknown. */
    public static String duration(Flow f) {
        Response r = f.response();
        Request q = f.request();
        if (r == null || q == null || r.timestampEnd() <= 0 || q.timestampStart() <= 0) return "";
        return Formats.duration(Math.max(0, r.timestampEnd() - q.timestampStart()));
    }

    /** Replay, marker and intercept symbols. */
    public static String flags(Flow f, Glyphs g) {
        StringBuilder sb = new StringBuilder();
        if (f.replay() != null) sb.append(g.replay());
        String m = f.marked();
        if (!m.isEmpty()) {
            String glyph = m.equals(":default:") ? g.marked() : MARKER_EMOJI.get(m);
            sb.append(glyph != null ? glyph : m.length() == 1 ? m : g.marked());
        }
        if (f.isIntercepted()) sb.append(g.intercepted());
        return sb.toString();
    }

    public static double start(Flow f) {
        return f.request() != null && f.request().timestampStart() > 0 ? f.request().timestampStart() : f.timestampCreated();
    }

    private static Role codeRole(Flow f) {
        if (f.response() == null) return f.error() != null ? Role.ERROR : Role.NORMAL;
        int c = f.response().statusCode();
        return c < 300 ? Role.CODE_OK : c < 400 ? Role.CODE_REDIRECT : Role.CODE_ERROR;
    }

    private static boolean requestPaused(Flow f) {
        return f.isIntercepted() && f.response() == null;
    }

    private static boolean responsePaused(Flow f) {
        return f.isIntercepted() && f.response() != null;
    }

    /** One table row; {@code lead} is {@code >>}, blanks, or the time (flow view). */
    public static void drawTableRow(Canvas c, int row, Flow f, String lead, boolean focused, boolean showhost) {
        Glyphs g = c.glyphs();
        Role base = focused ? Role.FOCUS : Role.NORMAL;
        c.fill(row, Role.NORMAL);
        int col = c.text(0, row, lead, base, lead.length());
        col = c.text(col + 1, row, Formats.clock(start(f)), Role.DIM, TIME);
        col = c.text(col + 1, row, method(f), Role.METHOD, METHOD);
        int right = CODE + 1 + TYPE + 1 + SIZE + 1 + DURATION + 1 + FLAGS;
        int urlCells = Math.max(4, c.width() - col - 2 - right);
        c.text(col + 1, row, url(f, showhost), requestPaused(f) ? Role.INTERCEPT : base, urlCells);
        col = Math.max(col + 2 + urlCells, c.width() - right);
        Role respRole = responsePaused(f) ? Role.INTERCEPT : codeRole(f);
        c.text(col, row, code(f, g), respRole, CODE);
        c.text(col + CODE + 1, row, type(f), f.response() == null && f.error() != null ? Role.ERROR : base, TYPE);
        col += CODE + 1 + TYPE + 1;
        c.text(col + SIZE - TerminalText.width(size(f, false)), row, size(f, false), base, SIZE);
        col += SIZE + 1;
        String d = duration(f);
        c.text(col + DURATION - TerminalText.width(d), row, d, base, DURATION);
        c.text(col + DURATION + 1, row, flags(f, g), f.isIntercepted() ? Role.INTERCEPT : Role.MARKER, FLAGS);
    }

    /** Two list rows: {@code >> METHOD URL} and {@code ← STATUS type size duration}. */
    public static void drawListRows(Canvas c, int row, Flow f, boolean focused, boolean showhost) {
        Glyphs g = c.glyphs();
        Role base = focused ? Role.FOCUS : Role.NORMAL;
        c.fill(row, Role.NORMAL);
        c.fill(row + 1, Role.NORMAL);
        String flags = flags(f, g);
        int flagCells = flags.isEmpty() ? 0 : TerminalText.width(flags) + 1;
        int col = c.text(0, row, focused ? g.focus() : "  ", base, 2);
        col = c.text(col + 1, row, method(f), Role.METHOD, METHOD);
        c.text(col + 1, row, url(f, showhost), requestPaused(f) ? Role.INTERCEPT : base, c.width() - col - 1 - flagCells);
        if (!flags.isEmpty()) c.textRight(row, flags, f.isIntercepted() ? Role.INTERCEPT : Role.MARKER);
        col = c.text(3, row + 1, g.arrow(), Role.DIM);
        if (f.response() == null) {
            if (f.error() != null) c.text(col + 1, row + 1, f.error().msg(), Role.ERROR);
            else c.text(col + 1, row + 1, g.ellipsis(), Role.DIM);
            return;
        }
        Role respRole = responsePaused(f) ? Role.INTERCEPT : codeRole(f);
        col = c.text(col + 1, row + 1, code(f, g), respRole);
        String type = type(f);
        if (!type.isEmpty()) col = c.text(col + 1, row + 1, type, base, Math.max(0, c.width() - col - 26));
        col = c.text(col + 1, row + 1, size(f, true), base);
        c.text(col + 1, row + 1, duration(f), base);
    }
}
