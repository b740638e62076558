package dev.sluice.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ExtendedTerminal;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leaves the screen exactly once, whichever way out comes first (quit, SIGTERM, an uncaught
 * exception, the JVM's shutdown): mouse reporting off, alternate screen left, cursor shown, and
 * Lanterna restores echo and line mode. Lanterna's own shutdown hook may race this one, so a
 * screen that is already left is not an error.
 */
final class TerminalRestore {

    private final TerminalScreen screen;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final CountDownLatch loopEnded = new CountDownLatch(1);

    TerminalRestore(TerminalScreen screen) {
        this.screen = screen;
    }

    void restore() {
        if (!restored.compareAndSet(false, true)) return;
        try {
            if (screen.getTerminal() instanceof ExtendedTerminal t) t.setMouseCaptureMode(null);
            screen.stopScreen();
        } catch (IOException | IllegalStateException ignored) {
            // the terminal is gone or already restored by Lanterna's hook
        }
        try {
            // puts back the tty settings Lanterna saw at start (also over the raw mode an open prompt set)
            screen.getTerminal().close();
        } catch (IOException | IllegalStateException ignored) {
            // already closed
        }
    }

    /** The console loop has returned (normally or not). */
    void loopEnded() {
        loopEnded.countDown();
    }

    /** Waits for the loop to return; false after the timeout. */
    boolean awaitLoop(long millis) {
        try {
            return loopEnded.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
