package dev.sluice.tui;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Signals from outside (cli.md §3): SIGINT asks the quit question like Ctrl-C (which arrives as a
 * key, since Lanterna turns signal keys off); SIGTERM ends the console without asking, and if the
 * console thread cannot finish within two seconds (say, the prompt is open) the terminal is
 * restored and the process ends anyway. A second SIGTERM ends it at once.
 */
final class ConsoleSignals {
    private ConsoleSignals() {
    }

    private static final long GRACE_MILLIS = 2_000;

    static void install(Console console, TerminalRestore restore) {
        Signal.handle(new Signal("INT"), signal -> console.post(console::askQuit));
        AtomicBoolean terminating = new AtomicBoolean();
        Signal.handle(new Signal("TERM"), signal -> {
            if (!terminating.compareAndSet(false, true)) {
                restore.restore();
                Runtime.getRuntime().halt(1);
            }
            console.exit();
            Thread watchdog = new Thread(() -> {
                if (!restore.awaitLoop(GRACE_MILLIS)) {
                    restore.restore();
                    Runtime.getRuntime().halt(0);
                }
            }, "sluice-term-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        });
    }
}
