package dev.sluice.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.sluice.Sluice;
import dev.sluice.addons.Addons;
import dev.sluice.addons.DumpOptions;
import dev.sluice.flow.Body;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.tui.keys.DefaultKeys;
import dev.sluice.tui.screen.Glyphs;
import dev.sluice.tui.screen.Palette;
import dev.sluice.tui.view.FilterCompiler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A whole console on Lanterna's virtual terminal: the real Console, Renderer and ConsoleLoop,
 * a scripted prompt instead of JLine, and helpers to make flows and read the screen as text.
 */
public final class ConsoleFixture implements AutoCloseable {

    public final Sluice sluice = new Sluice(true);
    public final Console console;
    public final DefaultVirtualTerminal terminal;
    public final TerminalScreen screen;
    public final ConsoleLoop loop;
    /** Lines the scripted prompt returns, in order; null entries cancel. */
    public final Deque<String> typed = new ArrayDeque<>();
    /** What the prompt was opened with. */
    public final List<String> prompts = new ArrayList<>();
    public long nanos = 1;

    public ConsoleFixture() throws IOException {
        this(80, 24);
    }

    public ConsoleFixture(int columns, int rows) throws IOException {
        sluice.addAddons(Addons.console());
        sluice.addAddons(List.of(new DumpOptions(), new ConsoleOptions(FilterCompiler.LANGUAGE)));
        console = new Console(sluice, FilterCompiler.LANGUAGE, DefaultKeys.create(), () -> nanos);
        console.start();
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
        Renderer renderer = new Renderer(console, Palette.ColorMode.ANSI16, Glyphs.UNICODE, () -> 8080);
        loop = new ConsoleLoop(console, screen, renderer, (prefill, cursor) -> {
            prompts.add(prefill.substring(0, cursor) + "|" + prefill.substring(cursor));
            return typed.isEmpty() ? null : typed.poll();
        });
    }

    /** Presses keys by name (as keys.yaml spells them) and redraws. */
    public ConsoleFixture keys(String... names) throws IOException {
        for (String name : names) {
            console.key(name);
            Console.PromptRequest p;
            while ((p = console.takePrompt()) != null) {
                prompts.add(p.text().substring(0, p.cursor()) + "|" + p.text().substring(p.cursor()));
                console.promptDone(typed.isEmpty() ? null : typed.poll());
            }
            runOutside();
        }
        return redraw();
    }

    /** Feeds key strokes through the terminal and lets the loop take them, as a user's typing. */
    public ConsoleFixture strokes(KeyStroke... strokes) throws IOException {
        for (KeyStroke k : strokes) terminal.addInput(k);
        loop.step();
        return redraw();
    }

    /** Runs what would get the terminal to itself (external editors); the virtual screen needs no suspending. */
    private void runOutside() {
        Runnable work;
        while ((work = console.takeOutside()) != null) work.run();
    }

    /** Types text into whatever takes typing (a grid cell), one key per character. */
    public ConsoleFixture type(String text) throws IOException {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            console.key(cp == ' ' ? "space" : new String(Character.toChars(cp)));
        }
        return redraw();
    }

    public ConsoleFixture redraw() throws IOException {
        console.drain();
        loop.draw();
        return this;
    }

    /** The screen as lines of text, trailing blanks removed. */
    public List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = terminal.getCharacter(c, r);
                if (ch.isDoubleWidth()) c++;
                sb.append(ch.getCharacterString());
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    public String text() {
        return String.join("\n", lines());
    }

    public String row(int r) {
        return lines().get(r);
    }

    /** Runs a command line as the prompt would and redraws. */
    public ConsoleFixture run(String command) throws IOException {
        console.run(command);
        runOutside();
        return redraw();
    }

    // ---- flows ----

    public static Flow flow(String method, String url) {
        Request req = Request.make(method, url, Headers.of("User-Agent", "test"), Body.EMPTY);
        req.setTimestampStart(1_700_000_000.0);
        req.setTimestampEnd(1_700_000_000.01);
        ClientConn client = new ClientConn(new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080));
        return new Flow(client, new ServerConn(req.host(), req.port()), req, false);
    }

    public static Flow flow(String method, String url, int status, String contentType, String body) {
        Flow f = flow(method, url);
        respond(f, status, contentType, body.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    public static void respond(Flow f, int status, String contentType, byte[] body) {
        Headers h = contentType == null ? new Headers() : Headers.of("Content-Type", contentType);
        Response r = Response.make(status, body, h);
        r.setTimestampStart(1_700_000_000.1);
        r.setTimestampEnd(1_700_000_000.123);
        f.setResponse(r);
        f.setResponseComplete(true);
    }

    /** Adds flows to the store (as the proxy would) and lets the console take them. */
    public ConsoleFixture add(Flow... flows) throws IOException {
        for (Flow f : flows) sluice.flows().add(f);
        return redraw();
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
        sluice.shutdown();
    }
}
