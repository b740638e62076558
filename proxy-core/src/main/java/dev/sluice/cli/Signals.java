package dev.sluice.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM end the program cleanly with status 0 (cli.md §3) instead of the JVM's
 * 130/143; a second signal during the shutdown exits at once.
 */
final class Signals {
    private Signals() {
    }

    static void onInterruptOrTerminate(Runnable shutdown) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[]{"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!stopping.compareAndSet(false, true)) Runtime.getRuntime().halt(1);
                shutdown.run();
            });
        }
    }
}
