package dev.sluice.tui.windows;

import dev.sluice.tui.screen.Canvas;
import dev.sluice.tui.screen.Role;
import java.util.List;
import java.util.function.Consumer;

/**
 * The chooser overlay (console.md §3.3): {@code enter} picks the focused entry, {@code 1}–{@code 9}
 * and {@code a}–{@code z} (skipping {@code q}) pick the n-th, {@code q} and {@code esc} cancel.
 */
public final class Chooser {

    private static final String FOOTER = "enter:pick  q:cancel";
    private static final String SHORTCUTS = "123456789abcdefghijklmnoprstuvwxyz";

    private final String title;
    private final List<String> choices;
    private final Consumer<String> picked;
    private int focus;

    public Chooser(String title, List<String> choices, Consumer<String> picked) {
        this.title = title;
        this.choices = List.copyOf(choices);
        this.picked = picked;
    }

    public String title() {
        return title;
    }

    public List<String> choices() {
        return choices;
    }

    /** Handles a key; returns true when the chooser is done (picked or cancelled). */
    public boolean key(String name) {
        switch (name) {
            case "q", "esc" -> {
                return true;
            }
            case "enter" -> {
                if (!choices.isEmpty()) picked.accept(choices.get(focus));
                return true;
            }
            case "up", "k" -> focus = Math.max(0, focus - 1);
            case "down", "j" -> focus = Math.min(choices.size() - 1, focus + 1);
            case "g", "home" -> focus = 0;
            case "G", "end" -> focus = Math.max(0, choices.size() - 1);
            default -> {
                int n = name.length() == 1 ? SHORTCUTS.indexOf(name.charAt(0)) : -1;
                if (n >= 0 && n < choices.size()) {
                    picked.accept(choices.get(n));
                    return true;
                }
            }
        }
        return false;
    }

    /** Draws a box in the middle of the canvas. */
    public void draw(Canvas c) {
        int w = Math.min(c.width() - 4, Math.max(Math.max(title.length() + 4, FOOTER.length() + 2),
                choices.stream().mapToInt(String::length).max().orElse(0) + 8));
        int h = Math.min(c.height() - 2, choices.size() + 2);
        if (w < 10 || h < 3) return;
        Canvas box = c.region((c.width() - w) / 2, (c.height() - h) / 2, w, h);
        box.fill(0, Role.STATUS_BAR);
        box.text(1, 0, title, Role.STATUS_BAR);
        int visible = h - 2;
        int top = Math.max(0, Math.min(focus - visible + 1, choices.size() - visible));
        top = Math.max(0, Math.min(top, focus));
        for (int i = 0; i < visible && top + i < choices.size(); i++) {
            int idx = top + i;
            boolean f = idx == focus;
            box.fill(1 + i, Role.NORMAL);
            String key = idx < SHORTCUTS.length() ? String.valueOf(SHORTCUTS.charAt(idx)) : " ";
            box.text(1, 1 + i, (f ? c.glyphs().focus() : "  ") + " " + key + " " + choices.get(idx), f ? Role.FOCUS : Role.NORMAL);
        }
        box.fill(h - 1, Role.STATUS_BAR);
        box.text(1, h - 1, FOOTER, Role.STATUS_BAR);
    }
}
