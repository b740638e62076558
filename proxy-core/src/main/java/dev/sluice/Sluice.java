package dev.sluice;

import dev.sluice.addon.Addon;
import dev.sluice.addon.AddonChain;
import dev.sluice.addons.CoreOptions;
import dev.sluice.addons.StreamLargeBodies;
import dev.sluice.command.CommandRegistry;
import dev.sluice.export.Clipboard;
import dev.sluice.flow.BodySpool;
import dev.sluice.log.EventLog;
import dev.sluice.option.Options;
import dev.sluice.option.Paths;
import dev.sluice.view.FlowStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The context every part shares: options, the addon chain, commands, the event log, the flow
 * store and the worker pool for blocking work (file reads, name resolution, certificates), which
 * never runs on an event loop.
 */
public final class Sluice {

    public static final String VERSION = readVersion();

    private final EventLog log = new EventLog();
    private final Options options = new Options();
    private final AddonChain addons = new AddonChain(log);
    private final CommandRegistry commands;
    private final FlowStore flows;
    private volatile java.util.function.IntConsumer exitHandler = status -> {
    };
    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("sluice-worker"));
    private final Clipboard clipboard = new Clipboard(workers);
    // the options' defaults until the addons owning them are loaded
    private final BodySpool bodies = new BodySpool(
            () -> Paths.expand(options.has("confdir") ? options.str("confdir") : CoreOptions.CONFDIR_DEFAULT),
            () -> options.has(StreamLargeBodies.SPILL_OPTION) ? options.number(StreamLargeBodies.SPILL_OPTION) : StreamLargeBodies.SPILL_DEFAULT);

    public Sluice(boolean keepFlows) {
        this.flows = new FlowStore(keepFlows, log, workers);
        this.commands = new CommandRegistry(this);
        // user regexes report exceeded time budgets to the event log of the running proxy
        dev.sluice.pattern.Regexes.setEventLog(log);
    }

    public EventLog log() {
        return log;
    }

    public Options options() {
        return options;
    }

    public AddonChain addons() {
        return addons;
    }

    public CommandRegistry commands() {
        return commands;
    }

    public FlowStore flows() {
        return flows;
    }

    /** Bodies beyond body_spill_threshold, in temp files (features.md §14). */
    public BodySpool bodies() {
        return bodies;
    }

    /** For blocking work; never an event loop. */
    public ExecutorService workers() {
        return workers;
    }

    /** The system clipboard of export.clip and cut.clip; the console plugs its terminal in as the fallback. */
    public Clipboard clipboard() {
        return clipboard;
    }

    /** Adds addons at the end of the chain: each registers its options and commands, then configures. */
    public void addAddons(List<? extends Addon> more) {
        for (Addon a : more) {
            a.load(this);
            options.addConfigurer(a::configure);
        }
        addons.addAll(more);
    }

    /** The front-end's way to end the program (sluicedump sets it; the console may ignore requests). */
    public void setExitHandler(java.util.function.IntConsumer handler) {
        this.exitHandler = handler;
    }

    /**
     * Asks the front-end to end the program with this status: sluicedump's work of -r/-C/-S is
     * done (0), or writing the -w file failed (1).
     */
    public void requestExit(int status) {
        exitHandler.accept(status);
    }

    public void shutdown() {
        addons.lifecycle("done", Addon::done);
        workers.shutdownNow();
        bodies.close();
    }

    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String readVersion() {
        try (InputStream in = Sluice.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
