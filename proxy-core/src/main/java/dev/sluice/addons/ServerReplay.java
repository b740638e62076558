package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandRegistry;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side replay (features.md §10, §11): answers requests with responses from recorded
 * flows, looked up by the match key; misses are forwarded, killed or answered with a status
 * while the buffer holds flows. Options that shape the key re-key the buffer when they change.
 */
public final class ServerReplay implements Addon {

    static final List<String> KEY_OPTIONS = List.of("server_replay_ignore_content", "server_replay_ignore_payload_params",
            "server_replay_ignore_host", "server_replay_ignore_port", "server_replay_ignore_params", "server_replay_use_headers");
    private static final String EXTRA_CHOICES = "forward, kill, or a status code 200-599";

    /** A buffered flow and its place in load order (kept across re-keying). */
    private record Entry(long seq, Flow flow) {
    }

    private Sluice sluice;
    private Options options;
    private FlowFileOption files;
    private final Map<List<Object>, ArrayDeque<Entry>> buffer = new HashMap<>(); // guarded by itself
    private long nextSeq;                                                          // guarded by buffer
    private volatile ServerReplayKey keys = new ServerReplayKey(false, List.of(), false, false, List.of(), List.of());
    private final Set<String> aliasesWarned = ConcurrentHashMap.newKeySet();

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
        this.files = new FlowFileOption(sluice, "server_replay");
        options.register(OptionSpec.list("server_replay", List.of(), "Replay server responses from a saved file."));
        options.register(OptionSpec.str("server_replay_extra", "forward",
                "Behaviour for extra requests during replay for which no replayable response was found: forward, kill, or a status code 200-599."));
        options.register(OptionSpec.bool("server_replay_reuse", false,
                "Don't remove flows from server replay state after use. This makes it possible to replay same response multiple times."));
        options.register(OptionSpec.bool("server_replay_refresh", true,
                "Refresh server replay responses by adjusting date, expires and last-modified headers, as well as adjusting cookie expiration."));
        options.register(OptionSpec.bool("server_replay_ignore_content", false, "Ignore request content while searching for a saved flow to replay."));
        options.register(OptionSpec.list("server_replay_ignore_params", List.of(),
                "Request parameters to be ignored while searching for a saved flow to replay."));
        options.register(OptionSpec.list("server_replay_ignore_payload_params", List.of(),
                "Request payload parameters (application/x-www-form-urlencoded or multipart/form-data) to be ignored while searching for a saved flow to replay."));
        options.register(OptionSpec.bool("server_replay_ignore_host", false, "Ignore request destination host while searching for a saved flow to replay."));
        options.register(OptionSpec.bool("server_replay_ignore_port", false, "Ignore request destination port while searching for a saved flow to replay."));
        options.register(OptionSpec.list("server_replay_use_headers", List.of(), "Request headers that need to match while searching for a saved flow to replay."));
        options.register(OptionSpec.bool("server_replay_nopop", false, "Deprecated alias of server_replay_reuse."));
        options.register(OptionSpec.bool("server_replay_kill_extra", false, "Deprecated alias: server_replay_extra=kill."));
        options.rereadWhenSetAgain("server_replay");
        options.addChangeListener(this::applyAliases);
        sluice.commands().register("replay.server", List.of(Command.Param.of("flows", ArgType.FLOWS)), null,
                "Replay server responses from flows (replaces the buffer).", args -> {
                    replace(CommandRegistry.flowsArg(args.get(0)));
                    return null;
                });
        sluice.commands().register("replay.server.add", List.of(Command.Param.of("flows", ArgType.FLOWS)), null,
                "Add flows to the server replay buffer.", args -> {
                    add(CommandRegistry.flowsArg(args.get(0)));
                    return null;
                });
        sluice.commands().register("replay.server.file", List.of(Command.Param.of("path", ArgType.PATH)), null,
                "Replay server responses from a saved file (replaces the buffer).", args -> {
                    replace(FlowFileOption.readForCommand(sluice, (String) args.get(0)));
                    return null;
                });
        sluice.commands().register("replay.server.stop", List.of(), null, "Stop server replay.", args -> {
            replace(List.of());
            sluice.log().alert("Stopped server replay.");
            return null;
        });
        sluice.commands().register("replay.server.count", List.of(), "int", "The number of flows in the server replay buffer.", args -> (long) count());
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("server_replay_extra")) parseExtra(options.str("server_replay_extra"));
        if (changed.stream().anyMatch(KEY_OPTIONS::contains)) {
            keys = new ServerReplayKey(options.bool("server_replay_ignore_content"), options.list("server_replay_ignore_payload_params"),
                    options.bool("server_replay_ignore_host"), options.bool("server_replay_ignore_port"),
                    options.list("server_replay_ignore_params"), options.list("server_replay_use_headers"));
            rekey();
        }
        List<Flow> loaded = files.loadIfChanged(changed);
        if (loaded != null) replace(loaded);
    }

    /** {@code forward}, {@code kill}, or a status code 200-599 (as Integer). */
    private static Object parseExtra(String v) throws OptionsException {
        if (v.equals("forward") || v.equals("kill")) return v;
        if (v.matches("\\d{3}")) {
            int code = Integer.parseInt(v);
            if (code >= 200 && code <= 599) return code;
        }
        throw OptionsException.conversion("server_replay_extra", "invalid choice: " + v + " (choose from " + EXTRA_CHOICES + ")");
    }

    /** The deprecated aliases set their new options, in a transaction of their own after the one that set them. */
    private void applyAliases(Set<String> changed) {
        Map<String, Object> follow = new LinkedHashMap<>();
        if (changed.contains("server_replay_nopop")) {
            deprecated("server_replay_nopop", "server_replay_reuse");
            boolean nopop = options.bool("server_replay_nopop");
            if (nopop != options.bool("server_replay_reuse")) follow.put("server_replay_reuse", nopop);
        }
        if (changed.contains("server_replay_kill_extra")) {
            deprecated("server_replay_kill_extra", "server_replay_extra");
            boolean kill = options.bool("server_replay_kill_extra");
            String extra = options.str("server_replay_extra");
            if (kill && !extra.equals("kill")) follow.put("server_replay_extra", "kill");
            if (!kill && extra.equals("kill")) follow.put("server_replay_extra", "forward");
        }
        if (changed.contains("server_replay_reuse") && options.bool("server_replay_reuse") != options.bool("server_replay_nopop")) {
            follow.put("server_replay_nopop", options.bool("server_replay_reuse"));
        }
        if (follow.isEmpty()) return;
        try {
            options.update(follow);
        } catch (OptionsException e) {
            sluice.log().warn(e.getMessage());
        }
    }

    private void deprecated(String alias, String replacement) {
        if (aliasesWarned.add(alias)) sluice.log().info(alias + " is deprecated; use " + replacement);
    }

    // ---- the buffer ----

    /** Replaces the buffer with the HTTP flows given (in order). */
    public void replace(List<Flow> flows) {
        synchronized (buffer) {
            buffer.clear();
            nextSeq = 0;
        }
        add(flows);
    }

    /** Appends HTTP flows to the buffer. */
    public void add(List<Flow> flows) {
        ServerReplayKey k = keys;
        synchronized (buffer) {
            for (Flow f : flows) {
                if (f.type() != Flow.Type.HTTP || f.request() == null) continue;
                buffer.computeIfAbsent(k.of(f.request()), x -> new ArrayDeque<>()).add(new Entry(nextSeq++, f));
            }
        }
    }

    /** Buffered flows, including ones without a response. */
    public int count() {
        synchronized (buffer) {
            int n = 0;
            for (ArrayDeque<Entry> q : buffer.values()) n += q.size();
            return n;
        }
    }

    private void rekey() {
        ServerReplayKey k = keys;
        synchronized (buffer) {
            List<Entry> all = new ArrayList<>();
            for (ArrayDeque<Entry> q : buffer.values()) all.addAll(q);
            all.sort(Comparator.comparingLong(Entry::seq));
            buffer.clear();
            for (Entry e : all) buffer.computeIfAbsent(k.of(e.flow().request()), x -> new ArrayDeque<>()).add(e);
        }
    }

    /** The recorded flow answering this request (taken out of the buffer unless reusing), or null. */
    private Flow next(Flow flow) {
        List<Object> key = keys.of(flow.request());
        boolean reuse = options.bool("server_replay_reuse");
        synchronized (buffer) {
            ArrayDeque<Entry> q = buffer.get(key);
            if (q == null) return null;
            if (reuse) {
                for (Entry e : q) if (e.flow().response() != null) return e.flow();
                return null;
            }
            try {
                while (!q.isEmpty()) {
                    Entry e = q.poll();
                    if (e.flow().response() != null) return e.flow();
                }
                return null;
            } finally {
                if (q.isEmpty()) buffer.remove(key);
            }
        }
    }

    private boolean isEmpty() {
        synchronized (buffer) {
            return buffer.isEmpty();
        }
    }

    // ---- serving ----

    @Override
    public void request(Flow flow) {
        if (flow.response() != null || flow.error() != null || flow.request() == null || isEmpty()) return;
        Flow recorded = next(flow);
        if (recorded != null) {
            Response r = options.bool("server_replay_refresh")
                    ? ResponseRefresh.refreshed(recorded.response(), Flow.now()) : recorded.response().copy();
            if (flow.request().isHttp1()) r.downgradeToHttp1(); // a recording made over HTTP/2 answers an HTTP/1 client
            flow.setResponse(r);
            flow.setReplay(Flow.Replay.RESPONSE);
            return;
        }
        Object extra;
        try {
            extra = parseExtra(options.str("server_replay_extra"));
        } catch (OptionsException e) {
            return; // refused when set; cannot happen
        }
        String url = flow.request().prettyUrl();
        if ("kill".equals(extra)) {
            sluice.log().warn("server_playback: killed non-replay request " + url);
            flow.kill();
        } else if (extra instanceof Integer code) {
            Headers h = new Headers();
            h.add("Server", "Sluice " + Sluice.VERSION);
            flow.setResponse(Response.make(code, new byte[0], h));
            flow.setReplay(Flow.Replay.RESPONSE);
            sluice.log().info("server_playback: returned " + code + " non-replay request " + url);
        }
    }
}
