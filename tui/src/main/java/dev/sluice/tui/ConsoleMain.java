package dev.sluice.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.sluice.Sluice;
import dev.sluice.addons.Addons;
import dev.sluice.addons.DumpOptions;
import dev.sluice.cli.Launcher;
import dev.sluice.tui.keys.DefaultKeys;
import dev.sluice.tui.keys.KeyMap;
import dev.sluice.tui.keys.KeysFile;
import dev.sluice.tui.prompt.CommandCompleter;
import dev.sluice.tui.prompt.HistoryCommands;
import dev.sluice.tui.prompt.JLinePrompt;
import dev.sluice.tui.prompt.PromptHighlighter;
import dev.sluice.tui.screen.Glyphs;
import dev.sluice.tui.screen.Palette;
import dev.sluice.tui.view.FilterCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.History;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code sluice}: the proxy and the console in one process (console.md §1, cli.md). Start-up is
 * sluicedump's ({@link Launcher} with the console flags); then Lanterna takes the screen, a JLine
 * terminal is built after it for the prompt, and the terminal is restored on every way out.
 */
public final class ConsoleMain {

    static final String NO_TERMINAL = "Error: the Sluice console needs a terminal; use sluicedump for non-interactive use.";

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (Throwable t) {
            System.err.println("sluice: " + t);
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) throws IOException {
        String program = "sluice";
        Sluice sluice = new Sluice(true);
        FilterCompiler filters = FilterCompiler.LANGUAGE;
        sluice.addAddons(Addons.console());
        sluice.addAddons(List.of(new DumpOptions(), new ConsoleOptions(filters)));
        KeyMap keys = DefaultKeys.create();
        Console console = new Console(sluice, filters, keys, System::nanoTime);
        console.start();
        Launcher launcher = new Launcher(program, sluice, true);
        try {
            sluice.options().configureAll();
            if (launcher.printInformation(launcher.applyArguments(args), stdout)) return 0;
            if (System.console() == null) {
                stderr.println(NO_TERMINAL);
                return 1;
            }
            launcher.startServer();
        } catch (Exception e) {
            boolean usage = e.getClass().getSimpleName().equals("UsageException");
            stderr.println(program + ": " + (usage ? "error: " : "") + e.getMessage());
            launcher.stop();
            return 1;
        }
        loadKeysFile(sluice, keys);
        History history = new DefaultHistory();
        HistoryCommands.register(sluice.commands(), history);
        if (!Glyphs.isUtf8Locale()) sluice.log().warn("The locale is not UTF-8: the console draws ASCII symbols.");
        try {
            runScreen(console, sluice, launcher, history);
        } finally {
            launcher.stop();
        }
        return 0;
    }

    private static void loadKeysFile(Sluice sluice, KeyMap keys) {
        Path file = dev.sluice.option.Paths.expand(sluice.options().str("confdir")).resolve("keys.yaml");
        if (!Files.exists(file)) return;
        try {
            KeysFile.apply(file, keys);
        } catch (KeysFile.KeysFileException e) {
            sluice.log().error("Error loading " + file + ": " + e.getMessage());
        }
    }

    private static void runScreen(Console console, Sluice sluice, Launcher launcher, History history) throws IOException {
        boolean utf8 = Glyphs.isUtf8Locale();
        Charset charset = utf8 ? StandardCharsets.UTF_8 : Charset.defaultCharset();
        DefaultTerminalFactory factory = new DefaultTerminalFactory(System.out, System.in, charset)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP);
        TerminalScreen screen = factory.createScreen();
        TerminalRestore restore = new TerminalRestore(screen);
        Thread onJvmExit = new Thread(() -> {
            // any other way out of the JVM: let the loop end, then make sure the screen is left
            console.exit();
            restore.awaitLoop(2_000);
            restore.restore();
        }, "sluice-terminal-restore");
        Runtime.getRuntime().addShutdownHook(onJvmExit);
        ConsoleSignals.install(console, restore);
        screen.startScreen();
        // without a clipboard program, copies go to the terminal as OSC 52 (the console thread writes them between frames)
        sluice.clipboard().setFallback(Osc52.sink(System.out, System.getenv()));
        Terminal jline = null;
        try {
            // built after the screen so it sees the raw mode Lanterna set, and restores that after each line
            jline = TerminalBuilder.builder().system(true).nativeSignals(false).encoding(charset).build();
            JLinePrompt prompt = new JLinePrompt(jline, history, new CommandCompleter(sluice.commands(), sluice.options()),
                    new PromptHighlighter(sluice.commands(), sluice.options()), sluice.options(), screen.getTerminalSize().getRows() - 1);
            Palette.ColorMode colors = Palette.colorMode(System.getenv("TERM"), System.getenv("NO_COLOR") != null);
            Renderer renderer = new Renderer(console, colors, utf8 ? Glyphs.UNICODE : Glyphs.ASCII, () -> listenPort(launcher));
            new ConsoleLoop(console, screen, renderer, prompt).run();
            prompt.close();
            jline = null;
        } finally {
            if (jline != null) jline.close();
            sluice.clipboard().setFallback(null);
            restore.restore();
            restore.loopEnded();
            try {
                Runtime.getRuntime().removeShutdownHook(onJvmExit);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private static Integer listenPort(Launcher launcher) {
        if (launcher.server() == null) return null;
        return launcher.server().listenPorts().stream().findFirst().orElse(null);
    }
}
