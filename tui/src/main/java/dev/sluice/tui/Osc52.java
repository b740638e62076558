package dev.sluice.tui;

import dev.sluice.export.Clipboard;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clipboard of last resort (console.md §11): an OSC 52 sequence {@code ESC ] 52 ; c ; <base64> BEL}
 * written to the terminal, which puts the text on the clipboard of the machine the user sits at
 * (also over SSH). Only terminals known to accept it get one; base64 cannot carry a control
 * character, so the text cannot reach the terminal as a sequence of its own.
 */
public final class Osc52 {
    private Osc52() {
    }

    private static final List<String> TERMS = List.of("xterm", "tmux", "screen", "alacritty", "kitty", "foot", "wezterm",
            "rxvt", "st-", "contour", "ghostty");

    /** The sequence that copies the text. */
    public static String sequence(String text) {
        return "\u001b]52;c;" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\u0007";
    }

    /** Whether the environment names a terminal that accepts OSC 52 (inside tmux, tmux passes it on). */
    public static boolean supported(Map<String, String> env) {
        if (env.get("TMUX") != null || env.get("TERM_PROGRAM") != null || env.get("KITTY_WINDOW_ID") != null) return true;
        String term = env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
        return TERMS.stream().anyMatch(term::startsWith);
    }

    /** A sink writing the sequence to the terminal's output, or null when the terminal is not known to accept it. */
    public static Clipboard.Sink sink(OutputStream terminal, Map<String, String> env) {
        if (!supported(env)) return null;
        return text -> {
            terminal.write(sequence(text).getBytes(StandardCharsets.US_ASCII));
            terminal.flush();
        };
    }
}
