package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.option.Options;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code keepserving} (cli.md §3), for sluicedump: when any of {@code rfile},
 * {@code client_replay}, {@code server_replay} is set and {@code keepserving} is false, asks
 * Sluice to exit (status 0) once no file is being read, the client replay queue is empty with
 * nothing in flight, and the server replay buffer is empty. The console does not add it.
 */
public final class KeepServing implements Addon {

    static final long POLL_MILLIS = 100;

    private Sluice sluice;
    private Options options;
    private ScheduledExecutorService watcher;
    private int idlePolls;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
    }

    @Override
    public synchronized void running() {
        if (options.bool("keepserving") || !anyWorkOptionSet()) return;
        watcher = Executors.newSingleThreadScheduledExecutor(Sluice.daemonThreads("sluice-keepserving"));
        watcher.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private boolean anyWorkOptionSet() {
        String rfile = options.has("rfile") ? options.str("rfile") : null;
        boolean client = options.has("client_replay") && !options.list("client_replay").isEmpty();
        boolean server = options.has("server_replay") && !options.list("server_replay").isEmpty();
        return (rfile != null && !rfile.isEmpty()) || client || server;
    }

    /** Exits after two quiet polls in a row, so a response just taken from the buffer is on its way out first. */
    private void check() {
        if (busy()) {
            idlePolls = 0;
            return;
        }
        if (++idlePolls < 2) return;
        watcher.shutdown();
        sluice.requestExit(0);
    }

    private boolean busy() {
        for (Addon a : List.copyOf(sluice.addons().addons())) {
            if (a instanceof ReadFile r && r.isReading()) return true;
            if (a instanceof ClientReplay c && c.count() > 0) return true;
            if (a instanceof ServerReplay s && s.count() > 0) return true;
        }
        return false;
    }

    @Override
    public synchronized void done() {
        if (watcher != null) watcher.shutdownNow();
    }
}
