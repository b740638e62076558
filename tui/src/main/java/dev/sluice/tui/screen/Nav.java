package dev.sluice.tui.screen;

/** The movements of the console.nav.* commands. */
public enum Nav {
    UP, DOWN, LEFT, RIGHT, NEXT, PAGE_UP, PAGE_DOWN, START, END
}
