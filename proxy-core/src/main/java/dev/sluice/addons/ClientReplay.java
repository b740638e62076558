package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.addon.AddonChain;
import dev.sluice.addon.Hook;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandRegistry;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.flow.Response;
import dev.sluice.net.ReplaySender;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Client-side replay (features.md §4): re-sends recorded requests, one at a time by default,
 * each waiting for its response. A replayed flow is the recorded flow itself, changed in place
 * (backup taken, {@code replay = request}), live while it runs, and it passes through every
 * hook like a proxied flow; this addon advances the queue in {@code response} and {@code error}.
 */
public final class ClientReplay implements Addon {

    private Sluice sluice;
    private Options options;
    private FlowFileOption files;
    private ReplaySender sender;
    private final ArrayDeque<Flow> queue = new ArrayDeque<>();                                    // guarded by this
    private final Set<Flow> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());        // guarded by this
    private boolean running;                                                                       // guarded by this

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
        this.sender = new ReplaySender(sluice);
        this.files = new FlowFileOption(sluice, "client_replay");
        options.register(OptionSpec.list("client_replay", List.of(), "Replay client requests from a saved file."));
        options.register(OptionSpec.integer("client_replay_concurrency", 1,
                "Concurrency limit on in-flight client replay requests: 1 sends one at a time, N keeps up to N in flight, -1 means no limit."));
        options.rereadWhenSetAgain("client_replay");
        sluice.commands().register("replay.client", List.of(Command.Param.of("flows", ArgType.FLOWS)), null,
                "Replay requests from flows.", args -> {
                    start(CommandRegistry.flowsArg(args.get(0)));
                    return null;
                });
        sluice.commands().register("replay.client.file", List.of(Command.Param.of("path", ArgType.PATH)), null,
                "Load flows from a file and replay their requests.", args -> {
                    queueLoaded(FlowFileOption.readForCommand(sluice, (String) args.get(0)));
                    return null;
                });
        sluice.commands().register("replay.client.stop", List.of(), null, "Stop client replay.", args -> {
            stop();
            return null;
        });
        sluice.commands().register("replay.client.count", List.of(), "int", "The number of requests queued or in flight.", args -> (long) count());
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("client_replay_concurrency")) {
            long c = options.integer("client_replay_concurrency");
            if (c == 0 || c < -1) {
                throw OptionsException.invalid("client_replay_concurrency", "must be -1 (unlimited) or a positive integer");
            }
            pump();
        }
        List<Flow> loaded = files.loadIfChanged(changed);
        if (loaded != null) queueLoaded(loaded);
    }

    private void queueLoaded(List<Flow> loaded) {
        List<Flow> http = loaded.stream().filter(f -> f.type() == Flow.Type.HTTP).toList();
        for (Flow f : http) sluice.flows().add(f);
        start(http);
    }

    @Override
    public void running() {
        synchronized (this) {
            running = true;
        }
        pump();
    }

    /** Queues the flows that can be replayed; the others are refused with a warning each. */
    public void start(List<Flow> flows) {
        int queued = 0;
        for (Flow f : flows) {
            String refusal = refusal(f);
            if (refusal != null) {
                sluice.log().warn(refusal);
                continue;
            }
            f.backup();
            f.setReplay(Flow.Replay.REQUEST);
            f.setResponse(null);
            f.setError(null);
            f.setResponseComplete(false);
            synchronized (this) {
                queue.add(f);
            }
            sluice.flows().update(f);
            queued++;
        }
        if (queued > 0) pump();
    }

    private synchronized String refusal(Flow f) {
        boolean running = f.isLive() && f.error() == null && !f.isResponseComplete();
        if (running || inFlight.contains(f)) return "Can't replay live flow.";
        if (f.isIntercepted()) return "Can't replay intercepted flow.";
        if (f.type() != Flow.Type.HTTP) return "Can only replay HTTP flows.";
        if (f.request() == null) return "Can't replay flow with missing request.";
        if (f.request().body() == null) return "Can't replay flow with missing content.";
        if (f.isWebSocket()) return "Can't replay WebSocket flows.";
        if (queue.contains(f)) return "Flow is already queued for replay.";
        return null;
    }

    /** Requests queued plus in flight. */
    public synchronized int count() {
        return queue.size() + inFlight.size();
    }

    /** Empties the queue; flows that had not started are reverted to their backups. */
    public void stop() {
        List<Flow> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        for (Flow f : dropped) {
            f.revert();
            f.setReplay(null);
            sluice.flows().update(f);
        }
        sluice.log().alert("Client replay queue cleared.");
    }

    /** Starts queued flows while the concurrency limit allows. */
    private void pump() {
        while (true) {
            Flow next;
            synchronized (this) {
                long limit = options.integer("client_replay_concurrency");
                if (!running || queue.isEmpty() || (limit > 0 && inFlight.size() >= limit)) return;
                next = queue.poll();
                inFlight.add(next);
            }
            sender.executor().execute(() -> run(next));
        }
    }

    // ---- one replay, on the replay event loop ----

    private void run(Flow f) {
        try {
            f.revive();
            f.attach(sender.executor());
            double now = Flow.now();
            f.request().setTimestampStart(now);
            f.request().setTimestampEnd(now);
            sluice.flows().update(f);
            AddonChain chain = sluice.addons();
            chain.run(Hook.REQUEST_HEADERS, f, () -> guarded(f, () -> {
                if (endedEarly(f)) return;
                chain.run(Hook.REQUEST, f, () -> guarded(f, () -> {
                    if (endedEarly(f)) return;
                    sender.send(f, new ReplaySender.Callback() {
                        @Override
                        public void response(Response response) {
                            guarded(f, () -> {
                                f.setResponse(response);
                                respond(f);
                            });
                        }

                        @Override
                        public void failed(String message) {
                            guarded(f, () -> fail(f, message));
                        }
                    });
                }));
            }));
        } catch (RuntimeException e) {
            crashed(f, e);
        }
    }

    /** After a request hook: a killed flow ends with its error, an answered one gets the response hooks. */
    private boolean endedEarly(Flow f) {
        if (f.isKilled()) {
            sluice.addons().run(Hook.ERROR, f, () -> {
            });
            return true;
        }
        if (f.response() != null) {
            respond(f);
            return true;
        }
        return false;
    }

    private void respond(Flow f) {
        AddonChain chain = sluice.addons();
        chain.run(Hook.RESPONSE_HEADERS, f, () -> guarded(f, () -> {
            if (f.isKilled()) {
                chain.run(Hook.ERROR, f, () -> {
                });
                return;
            }
            f.setResponseComplete(true);
            chain.run(Hook.RESPONSE, f, () -> {
            });
        }));
    }

    private void fail(Flow f, String message) {
        f.setError(FlowError.now(message));
        sluice.addons().run(Hook.ERROR, f, () -> {
        });
    }

    private void guarded(Flow f, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            crashed(f, e);
        }
    }

    private void crashed(Flow f, RuntimeException e) {
        sluice.log().warn("Client replay has crashed!");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        sluice.log().debug(trace.toString());
        if (f.error() == null) f.setError(FlowError.now("Client replay has crashed: " + e));
        finish(f);
    }

    // ---- the queue advances in response and error ----

    @Override
    public void response(Flow flow) {
        finish(flow);
    }

    @Override
    public void error(Flow flow) {
        finish(flow);
    }

    private void finish(Flow flow) {
        synchronized (this) {
            if (!inFlight.contains(flow)) return;
            flow.setLive(false); // before the count drops, so a flow counted as done is never live
            inFlight.remove(flow);
        }
        sluice.flows().update(flow);
        pump();
    }

    @Override
    public void done() {
        sender.close();
    }
}
