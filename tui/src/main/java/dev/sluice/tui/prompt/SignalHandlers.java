package dev.sluice.tui.prompt;

import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process's handlers for the signals JLine takes over while it reads a line (INT, WINCH,
 * CONT): JLine installs its own and afterwards only the default, which would leave Lanterna
 * deaf to resizes and the console to an outside Ctrl-C. Taken before the prompt, put back after.
 */
final class SignalHandlers {

    private static final String[] NAMES = {"INT", "WINCH", "CONT"};

    private final Map<String, SignalHandler> saved = new LinkedHashMap<>();

    static SignalHandlers save() {
        SignalHandlers s = new SignalHandlers();
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                SignalHandler current = Signal.handle(signal, SignalHandler.SIG_DFL);
                Signal.handle(signal, current);
                s.saved.put(name, current);
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have
            }
        }
        return s;
    }

    /** Puts the saved handlers back and replays a resize, which Lanterna missed while JLine had it. */
    void restore() {
        saved.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        SignalHandler winch = saved.get("WINCH");
        if (winch != null && winch != SignalHandler.SIG_DFL && winch != SignalHandler.SIG_IGN) winch.handle(new Signal("WINCH"));
    }
}
