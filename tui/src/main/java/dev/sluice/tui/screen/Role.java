package dev.sluice.tui.screen;

/** What a piece of the screen is; the palette turns a role into colours and attributes. */
public enum Role {
    NORMAL, FOCUS, TITLE, HEADER_NAME, METHOD, URL, CODE_OK, CODE_REDIRECT, CODE_ERROR, ERROR, INTERCEPT, MARKER,
    STATUS_BAR, QUICKHELP_KEY, QUICKHELP, ACTIVE_TAB, CHANGED, ESCAPE, WARN, DIM
}
