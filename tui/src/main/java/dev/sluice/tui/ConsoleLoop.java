package dev.sluice.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ExtendedTerminal;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import dev.sluice.tui.keys.KeyNames;
import dev.sluice.tui.prompt.Prompt;
import dev.sluice.tui.screen.Nav;
import dev.sluice.tui.screen.Window;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The console thread's loop: the only code that touches the screen. It handles keys as they come
 * (each key is answered by a redraw at once), applies flow events and redraws for them at most
 * {@link #FRAMES_PER_SECOND} times a second (console.md allows 20; ten keep a busy proxy's CPU for
 * the proxy and still look live), and hands the terminal to the prompt when a command asks for it.
 */
public final class ConsoleLoop {

    static final int FRAMES_PER_SECOND = 10;
    private static final long FRAME_NANOS = 1_000_000_000L / FRAMES_PER_SECOND;
    private static final long IDLE_REDRAW_NANOS = 1_000_000_000L;
    private static final long POLL_NANOS = 5_000_000L;

    private final Console console;
    private final TerminalScreen screen;
    private final Renderer renderer;
    private final Prompt prompt;
    private static final long DOUBLE_CLICK_NANOS = 400_000_000L;

    private long lastDraw;
    private boolean mouseOn;
    private TerminalPosition lastClick;
    private long lastClickNanos;

    public ConsoleLoop(Console console, TerminalScreen screen, Renderer renderer, Prompt prompt) {
        this.console = console;
        this.screen = screen;
        this.renderer = renderer;
        this.prompt = prompt;
    }

    /** Runs until the console is asked to exit. */
    public void run() throws IOException {
        screen.setCursorPosition(null);
        draw();
        while (!console.exitRequested()) {
            if (!step()) LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** One turn: keys, then queued changes, then a redraw when due. Returns whether it did anything. */
    public boolean step() throws IOException {
        boolean keys = false;
        KeyStroke k;
        while (!console.exitRequested() && (k = screen.pollInput()) != null) {
            if (k.getKeyType() == KeyType.EOF) {
                console.exit();
                break;
            }
            keys = true;
            if (k instanceof MouseAction m) {
                mouse(m);
                continue;
            }
            console.key(KeyNames.of(k));
            Console.PromptRequest p;
            while ((p = console.takePrompt()) != null) handOver(p);
            Runnable work;
            while ((work = console.takeOutside()) != null) suspendFor(work);
        }
        boolean resized = screen.doResizeIfNecessary() != null;
        followMouseOption();
        long now = System.nanoTime();
        boolean frameDue = now - lastDraw >= FRAME_NANOS;
        boolean changed = console.drain(frameDue || keys);
        if (keys || resized || (changed && frameDue) || now - lastDraw >= IDLE_REDRAW_NANOS) {
            draw();
            // after a resize the terminal may have reflowed old lines; repaint every cell
            if (resized) screen.refresh(Screen.RefreshType.COMPLETE);
            return true;
        }
        return keys || changed;
    }

    /** Clicks focus a row or a tab (double click opens), the wheel scrolls the window under the pointer. */
    private void mouse(MouseAction m) {
        Renderer.Area area = renderer.areaAt(m.getPosition().getColumn(), m.getPosition().getRow());
        if (area == null) return;
        console.focusPaneAt(area.pane());
        Window w = console.pane(area.pane()).peek();
        switch (m.getActionType()) {
            case SCROLL_UP -> w.navigate(Nav.UP);
            case SCROLL_DOWN -> w.navigate(Nav.DOWN);
            case CLICK_DOWN -> {
                long now = System.nanoTime();
                boolean twice = m.getPosition().equals(lastClick) && now - lastClickNanos < DOUBLE_CLICK_NANOS;
                lastClick = m.getPosition();
                lastClickNanos = now;
                w.click(m.getPosition().getColumn() - area.left(), m.getPosition().getRow() - area.top(), twice);
            }
            default -> {
            }
        }
    }

    /** Mouse reporting follows console_mouse: off by default so the terminal keeps text selection. */
    private void followMouseOption() throws IOException {
        boolean wanted = console.options().bool("console_mouse");
        if (wanted == mouseOn || !(screen.getTerminal() instanceof ExtendedTerminal t)) return;
        t.setMouseCaptureMode(wanted ? MouseCaptureMode.CLICK_RELEASE : null);
        mouseOn = wanted;
    }

    /** Draws the whole screen; Lanterna sends only the cells that changed. */
    public void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        renderer.draw(screen.newTextGraphics(), size);
        screen.refresh(Screen.RefreshType.DELTA);
        lastDraw = System.nanoTime();
    }

    /**
     * Hands the whole terminal to other work (an external editor): the screen is left (alternate
     * screen off, cursor shown) while it runs, then entered again and repainted cell by cell.
     */
    private void suspendFor(Runnable work) throws IOException {
        if (mouseOn && screen.getTerminal() instanceof ExtendedTerminal t) t.setMouseCaptureMode(null);
        mouseOn = false;
        screen.stopScreen();
        try {
            work.run();
        } finally {
            screen.startScreen();
            screen.setCursorPosition(null);
            console.drain();
            draw();
            screen.refresh(Screen.RefreshType.COMPLETE);
        }
    }

    /**
     * Gives the bottom row to the prompt. Keys already typed ahead (a paste, tmux send-keys) are
     * taken from Lanterna first: with an enter among them the line runs without opening JLine.
     */
    private void handOver(Console.PromptRequest request) throws IOException {
        StringBuilder text = new StringBuilder(request.text());
        int cursor = request.cursor();
        KeyStroke k;
        while ((k = screen.pollInput()) != null) {
            if (k.getKeyType() == KeyType.Enter) {
                console.promptDone(text.toString());
                return;
            }
            // an editing key (arrows, ctrl ...) typed ahead is dropped: the line opens for the user to go on
            if (k.getKeyType() != KeyType.Character || k.isCtrlDown() || k.isAltDown()) break;
            text.insert(cursor++, k.getCharacter());
        }
        draw();
        String line = prompt.read(text.toString(), cursor);
        screen.setCursorPosition(null);
        console.promptDone(line);
        console.drain(); // the command's option changes reach the view before the frame that shows them
        draw();
        screen.refresh(Screen.RefreshType.COMPLETE);
    }
}
