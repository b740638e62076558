package dev.sluice.tui;

import sun.misc.Signal;

/**
 * SIGINT from outside (the terminal's Ctrl-C arrives as a key, since Lanterna turns signal keys
 * off) asks the quit question like Ctrl-C; SIGTERM goes the JVM's way, through the shutdown hook
 * that restores the terminal.
 */
final class ConsoleSignals {
    private ConsoleSignals() {
    }

    static void onInterrupt(Console console) {
        Signal.handle(new Signal("INT"), signal -> console.post(console::askQuit));
    }
}
