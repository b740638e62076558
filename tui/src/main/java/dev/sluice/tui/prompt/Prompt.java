package dev.sluice.tui.prompt;

/** Reads one command line on the bottom row; the console is paused meanwhile. */
public interface Prompt {

    /** Returns the typed line, or null when cancelled (esc, ctrl c). */
    String read(String prefill, int cursor);
}
