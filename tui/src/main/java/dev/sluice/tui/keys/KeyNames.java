package dev.sluice.tui.keys;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Set;

/** Key names as keys.yaml and the help screen spell them (console.md §3.4), from Lanterna key strokes. */
public final class KeyNames {
    private KeyNames() {
    }

    private static final Set<String> SPECIAL = Set.of("enter", "esc", "tab", "shift tab", "space", "up", "down", "left",
            "right", "home", "end", "page up", "page down", "backspace", "delete", "insert");

    /** The name of a key stroke, or null for strokes that are not keys (mouse, cursor reports). */
    public static String of(KeyStroke k) {
        String base = switch (k.getKeyType()) {
            case Character -> k.getCharacter() == ' ' ? "space" : String.valueOf(k.getCharacter());
            case Enter -> "enter";
            case Escape -> "esc";
            case Tab -> "tab";
            case ReverseTab -> "shift tab";
            case Backspace -> "backspace";
            case Delete -> "delete";
            case Insert -> "insert";
            case ArrowUp -> "up";
            case ArrowDown -> "down";
            case ArrowLeft -> "left";
            case ArrowRight -> "right";
            case Home -> "home";
            case End -> "end";
            case PageUp -> "page up";
            case PageDown -> "page down";
            case F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12 -> "f" + k.getKeyType().name().substring(1);
            default -> null;
        };
        if (base == null) return null;
        if (k.getKeyType() == KeyType.Character && k.isCtrlDown()) base = "ctrl " + base.toLowerCase(java.util.Locale.ROOT);
        else if (k.isCtrlDown()) base = "ctrl " + base;
        if (k.isAltDown()) base = "meta " + base;
        if (k.isShiftDown() && k.getKeyType() != KeyType.Character && k.getKeyType() != KeyType.ReverseTab) base = "shift " + base;
        return base;
    }

    /** Whether a name from keys.yaml is one this console can receive. */
    public static boolean isValid(String name) {
        String n = name;
        for (String prefix : new String[]{"ctrl ", "meta ", "shift "}) {
            if (n.startsWith(prefix) && n.length() > prefix.length()) n = n.substring(prefix.length());
        }
        if (SPECIAL.contains(n) || n.matches("f([1-9]|1[0-2])")) return true;
        return n.codePointCount(0, n.length()) == 1 && !Character.isWhitespace(n.codePointAt(0));
    }
}
