package dev.sluice.tui.screen;

/** The symbols the console draws, with the ASCII fallbacks of console.md §1 for non-UTF-8 locales. */
public record Glyphs(String focus, String replay, String marked, String intercepted, String orderDown, String orderUp,
                     String ellipsis, String arrow) {

    public static final Glyphs UNICODE = new Glyphs(">>", "↺", "●", "⏸", "⇩", "⇧", "…", "←");
    public static final Glyphs ASCII = new Glyphs(">>", "R", "*", "||", "v", "^", "...", "<-");

    /** Unicode glyphs when the locale's charset is UTF-8. */
    public static Glyphs forLocale() {
        return isUtf8Locale() ? UNICODE : ASCII;
    }

    public static boolean isUtf8Locale() {
        for (String name : new String[]{"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(name);
            if (v != null && !v.isEmpty()) {
                String lower = v.toLowerCase(java.util.Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }
}
