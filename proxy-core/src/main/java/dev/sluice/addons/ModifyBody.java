package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Message;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.pattern.ModifyBodySpec;
import dev.sluice.pattern.PatternOption;
import dev.sluice.pattern.ReplacementValue;
import dev.sluice.flow.BodySpool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * modify_body: regex replacements in decoded request and response bodies (features.md §7). A rule
 * acts on the response when the flow has one, else on the request, so {@code ~q} and {@code ~s}
 * pick the side. The rewrite runs on a worker while the flow is paused: bodies may be large and
 * compressed, and {@code @file} replacements are read from disk on every use.
 */
public final class ModifyBody implements Addon {

    private static final String STREAM_OPTION = "stream_large_bodies";

    private Sluice sluice;
    private Options options;
    private EventLog log;
    private volatile List<ModifyBodySpec> rules = List.of();

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.list("modify_body", List.of(), """
                Replacement pattern of the form "[/flow-filter]/regex/[@]replacement", where the separator can be \
                any character. The @ allows to provide a file path that is used to read the replacement string."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("modify_body")) rules = PatternOption.parseAll("modify_body", options.list("modify_body"), ModifyBodySpec::parse);
        boolean streaming = options.has(STREAM_OPTION) && options.get(STREAM_OPTION) != null;
        if ((changed.contains("modify_body") || changed.contains(STREAM_OPTION)) && streaming && !rules.isEmpty()) {
            log.warn("Both modify_body and stream_large_bodies are active. Streamed bodies will not be modified.");
        }
    }

    @Override
    public void request(Flow flow) {
        if (Guards.requestOpen(flow)) rewrite(flow, "ModifyBody.request");
    }

    @Override
    public void response(Flow flow) {
        if (Guards.responseOpen(flow)) rewrite(flow, "ModifyBody.response");
    }

    private void rewrite(Flow flow, String where) {
        // the side is fixed for the whole pass: no rule adds or removes a response
        Message message = flow.response() != null ? flow.response() : flow.request();
        if (message.body() == null) return; // absent: streamed, nothing to rewrite
        List<ModifyBodySpec> current = rules;
        // no rule matching the flow as it is means no rule can come to match: stay on the event loop
        if (current.stream().noneMatch(rule -> rule.filter().test(flow))) return;
        OffLoop.run(sluice, flow, where, () -> {
            for (ModifyBodySpec rule : current) apply(rule, flow, message);
        });
    }

    /** One rule, seeing the flow as the previous rules left it. */
    private void apply(ModifyBodySpec rule, Flow flow, Message message) {
        if (!rule.filter().test(flow)) return;
        byte[] replacement = replacement(rule.replacement());
        if (replacement == null) return;
        if (!message.body().inMemory()) {
            rewriteOnDisk(rule, flow, message, replacement);
            return;
        }
        byte[] content;
        try {
            content = message.content();
        } catch (ContentEncoding.DecodeException e) {
            log.warn("modify_body: cannot decode " + message.headers().get("content-encoding") + " body of "
                    + flow.request().prettyUrl() + "; rule skipped");
            return;
        }
        byte[] modified = rule.replaceAll(content, replacement, flow);
        if (modified != null) message.setContent(modified);
    }

    /**
     * A body kept on disk is rewritten file to file (features.md §14): decoded as it is read,
     * re-encoded as it is written, into a new spool body; unchanged when nothing matched.
     */
    private void rewriteOnDisk(ModifyBodySpec rule, Flow flow, Message message, byte[] replacement) {
        String encoding = message.headers().get("content-encoding");
        try (InputStream in = message.openContent(); BodySpool.Output out = sluice.bodies().output()) {
            boolean changed;
            try (OutputStream encoder = ContentEncoding.encoding(out, encoding)) {
                changed = rule.replaceAll(in, encoder, replacement, flow);
            }
            if (changed) message.setRawBody(out.toBody());
        } catch (ContentEncoding.DecodeException e) {
            log.warn("modify_body: cannot decode " + encoding + " body of " + flow.request().prettyUrl() + "; rule skipped");
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("modify_body: could not rewrite the body of " + flow.request().prettyUrl() + ": " + e.getMessage());
        }
    }

    /** The replacement's bytes, or null (with a warning) when its file cannot be read now. */
    private byte[] replacement(ReplacementValue value) {
        try {
            return value.read();
        } catch (IOException e) {
            log.warn("Could not read replacement file: " + e.getMessage());
            return null;
        }
    }
}
