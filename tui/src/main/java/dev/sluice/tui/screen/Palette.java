package dev.sluice.tui.screen;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TextColor.ANSI;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * Colours by role. Every palette uses the 16 ANSI colours only, so it works on any colour
 * terminal; in monochrome (TERM without colours, or NO_COLOR) roles become attributes alone.
 */
public final class Palette {

    public record Style(TextColor fg, TextColor bg, EnumSet<SGR> sgr) {
    }

    public enum ColorMode { MONO, ANSI16 }

    private final Map<Role, Style> styles = new EnumMap<>(Role.class);

    private Palette() {
    }

    public Style style(Role role) {
        return styles.getOrDefault(role, styles.get(Role.NORMAL));
    }

    /** The colour mode TERM and NO_COLOR ask for. */
    public static ColorMode colorMode(String term, boolean noColor) {
        if (noColor || term == null || term.isEmpty()) return ColorMode.MONO;
        String t = term.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("dumb") || t.startsWith("vt1") || t.startsWith("vt2") || t.endsWith("-m") || t.endsWith("-mono")) return ColorMode.MONO;
        return ColorMode.ANSI16;
    }

    public static Palette of(String name, boolean transparent, ColorMode mode) {
        Palette p = new Palette();
        if (mode == ColorMode.MONO) {
            p.put(Role.NORMAL, null, null);
            p.put(Role.FOCUS, null, null, SGR.BOLD);
            p.put(Role.TITLE, null, null, SGR.BOLD);
            p.put(Role.STATUS_BAR, null, null, SGR.REVERSE);
            p.put(Role.ACTIVE_TAB, null, null, SGR.REVERSE);
            p.put(Role.ERROR, null, null, SGR.BOLD);
            p.put(Role.INTERCEPT, null, null, SGR.UNDERLINE);
            p.put(Role.CHANGED, null, null, SGR.BOLD);
            p.put(Role.QUICKHELP_KEY, null, null, SGR.BOLD);
            p.put(Role.ESCAPE, null, null, SGR.UNDERLINE);
            return p;
        }
        boolean light = name.contains("light");
        boolean low = name.startsWith("low");
        ANSI text = light ? ANSI.BLACK : ANSI.WHITE;
        TextColor bg = transparent ? ANSI.DEFAULT : light ? ANSI.WHITE_BRIGHT : ANSI.BLACK;
        ANSI accent = name.startsWith("solarized") ? ANSI.CYAN : ANSI.BLUE;
        p.put(Role.NORMAL, ANSI.DEFAULT, bg);
        p.put(Role.FOCUS, low ? text : ANSI.YELLOW, bg, SGR.BOLD);
        p.put(Role.TITLE, accent, bg, SGR.BOLD);
        p.put(Role.HEADER_NAME, accent, bg);
        p.put(Role.METHOD, light ? ANSI.BLUE : ANSI.CYAN, bg);
        p.put(Role.URL, ANSI.DEFAULT, bg);
        p.put(Role.CODE_OK, ANSI.GREEN, bg);
        p.put(Role.CODE_REDIRECT, ANSI.MAGENTA, bg);
        p.put(Role.CODE_ERROR, ANSI.RED, bg);
        p.put(Role.ERROR, ANSI.RED, bg);
        p.put(Role.WARN, ANSI.YELLOW, bg);
        p.put(Role.INTERCEPT, light ? ANSI.RED : ANSI.YELLOW_BRIGHT, bg, SGR.BOLD);
        p.put(Role.MARKER, ANSI.RED, bg);
        p.put(Role.STATUS_BAR, light ? ANSI.WHITE_BRIGHT : ANSI.BLACK, light ? ANSI.BLUE : accent);
        p.put(Role.QUICKHELP_KEY, accent, bg, SGR.BOLD);
        p.put(Role.QUICKHELP, ANSI.DEFAULT, bg);
        p.put(Role.ACTIVE_TAB, light ? ANSI.WHITE_BRIGHT : ANSI.BLACK, accent);
        p.put(Role.CHANGED, ANSI.YELLOW, bg, SGR.BOLD);
        p.put(Role.ESCAPE, ANSI.MAGENTA, bg);
        p.put(Role.DIM, light ? ANSI.BLACK_BRIGHT : ANSI.WHITE, bg);
        return p;
    }

    private void put(Role role, TextColor fg, TextColor bg, SGR... sgr) {
        EnumSet<SGR> set = EnumSet.noneOf(SGR.class);
        set.addAll(java.util.List.of(sgr));
        styles.put(role, new Style(fg == null ? ANSI.DEFAULT : fg, bg == null ? ANSI.DEFAULT : bg, set));
    }
}
