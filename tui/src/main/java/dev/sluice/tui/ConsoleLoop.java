package dev.sluice.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.sluice.tui.keys.KeyNames;
import dev.sluice.tui.prompt.Prompt;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The console thread's loop: the only code that touches the screen. It handles keys as they come
 * (each key is answered by a redraw), applies flow events at most {@link #FRAMES_PER_SECOND} times
 * a second, and hands the terminal to the prompt when a command asks for it.
 */
public final class ConsoleLoop {

    static final int FRAMES_PER_SECOND = 20;
    private static final long FRAME_NANOS = 1_000_000_000L / FRAMES_PER_SECOND;
    private static final long IDLE_REDRAW_NANOS = 1_000_000_000L;
    private static final long POLL_NANOS = 5_000_000L;

    private final Console console;
    private final Screen screen;
    private final Renderer renderer;
    private final Prompt prompt;
    private long lastDraw;

    public ConsoleLoop(Console console, Screen screen, Renderer renderer, Prompt prompt) {
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
            console.key(KeyNames.of(k));
            keys = true;
            Console.PromptRequest p = console.takePrompt();
            if (p != null) handOver(p);
        }
        boolean resized = screen.doResizeIfNecessary() != null;
        long now = System.nanoTime();
        boolean frameDue = now - lastDraw >= FRAME_NANOS;
        boolean changed = console.drain(frameDue || keys);
        if (keys || resized || (changed && frameDue) || now - lastDraw >= IDLE_REDRAW_NANOS) {
            draw();
            return true;
        }
        return keys || changed;
    }

    /** Draws the whole screen; Lanterna sends only the cells that changed. */
    public void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        renderer.draw(screen.newTextGraphics(), size);
        screen.refresh(Screen.RefreshType.DELTA);
        lastDraw = System.nanoTime();
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
            if (k.getKeyType() != KeyType.Character || k.isCtrlDown() || k.isAltDown()) break;
            text.insert(cursor++, k.getCharacter());
        }
        draw();
        String line = prompt.read(text.toString(), cursor);
        screen.setCursorPosition(null);
        console.promptDone(line);
        draw();
        screen.refresh(Screen.RefreshType.COMPLETE);
    }
}
