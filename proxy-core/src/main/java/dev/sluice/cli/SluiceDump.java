package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.addons.Addons;
import dev.sluice.addons.DumpOptions;
import dev.sluice.addons.DumpPrinter;
import dev.sluice.addons.KeepServing;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code sluicedump}: the headless proxy that prints one summary per flow (cli.md). */
public final class SluiceDump {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs sluicedump until it is stopped (SIGINT, SIGTERM); returns the exit status. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        dev.sluice.tls.TlsWarmup.start();
        // installed first, so a signal during start-up also ends with a clean shutdown
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onInterruptOrTerminate(stopRequested::countDown);
        String program = "sluicedump";
        Output output = new Output(stdout, stderr);
        boolean stdoutTerminal = System.console() != null;
        boolean color = stdoutTerminal && System.getenv("NO_COLOR") == null;
        Sluice sluice = new Sluice(false);
        sluice.addAddons(Addons.defaults());
        sluice.addAddons(List.of(new DumpOptions(), new DumpPrinter(output, color, stdoutTerminal ? terminalWidth() : 0), new KeepServing()));
        AtomicInteger exitStatus = new AtomicInteger();
        sluice.setExitHandler(status -> {
            if (status != 0) exitStatus.compareAndSet(0, status);
            stopRequested.countDown();
        });
        TermLog termLog = new TermLog(sluice.options(), output, color);
        sluice.log().addListener(termLog);
        Launcher launcher = new Launcher(program, sluice, false);
        try {
            sluice.options().configureAll();
            if (launcher.printInformation(launcher.applyArguments(args), stdout)) return 0;
            launcher.startServer();
        } catch (ArgParser.UsageException e) {
            output.drain();
            stderr.println(program + ": error: " + e.getMessage());
            return 1;
        } catch (Launcher.StartupException | dev.sluice.option.OptionsException e) {
            output.drain();
            stderr.println(program + ": " + e.getMessage());
            return 1;
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.stop();
        output.drain();
        return exitStatus.get();
    }

    private static int terminalWidth() {
        String cols = System.getenv("COLUMNS");
        try {
            return cols == null ? 80 : Integer.parseInt(cols.trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
