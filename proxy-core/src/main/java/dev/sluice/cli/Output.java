package dev.sluice.cli;

import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes to stdout and stderr from one background thread, so a slow terminal or pipe never
 * blocks an event loop; each write is flushed (a flow summary appears as soon as the flow ends).
 */
public final class Output {

    private final PrintStream out;
    private final PrintStream err;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(dev.sluice.Sluice.daemonThreads("sluice-output"));

    public Output(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public void out(String text) {
        writer.execute(() -> {
            out.print(text);
            out.flush();
        });
    }

    public void err(String text) {
        writer.execute(() -> {
            err.print(text);
            err.flush();
        });
    }

    /** Waits until everything queued so far is written. */
    public void drain() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
