package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.pattern.ModifyHeadersSpec;
import dev.sluice.pattern.PatternOption;
import dev.sluice.pattern.ReplacementValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * modify_headers: sets, replaces or removes headers (features.md §8). It runs in the headers hooks,
 * before bodies are read, so it also changes messages whose bodies are streamed, and synthetic
 * responses (block_list, map_local) pass through it like real ones.
 */
public final class ModifyHeaders implements Addon {

    private Sluice sluice;
    private Options options;
    private EventLog log;
    private volatile List<ModifyHeadersSpec> rules = List.of();

    /** A matching rule with the value it sets now (empty: remove only). */
    private record Change(String name, String value) {
    }

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.list("modify_headers", List.of(), """
                Header modify pattern of the form "[/flow-filter]/header-name/[@]header-value", where the separator \
                can be any character. The @ allows to provide a file path that is used to read the header value \
                string. An empty header-value removes existing header-name headers."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (!changed.contains("modify_headers")) return;
        rules = PatternOption.parseAll("modify_headers", options.list("modify_headers"), ModifyHeadersSpec::parse);
        if (rules.stream().anyMatch(ModifyHeadersSpec::filterReadsBodies)) {
            log.warn("modify_headers: body filters never match here because headers are modified before bodies are read");
        }
    }

    @Override
    public void requestHeaders(Flow flow) {
        if (Guards.requestOpen(flow)) modify(flow, flow.request().headers(), "ModifyHeaders.requestHeaders");
    }

    @Override
    public void responseHeaders(Flow flow) {
        if (Guards.responseOpen(flow)) modify(flow, flow.response().headers(), "ModifyHeaders.responseHeaders");
    }

    private void modify(Flow flow, Headers headers, String where) {
        // every filter sees the unmodified flow, so a rule may change the header its filter looks at
        List<ModifyHeadersSpec> matching = rules.stream().filter(rule -> rule.filter().test(flow)).toList();
        if (matching.isEmpty()) return;
        if (matching.stream().anyMatch(rule -> rule.value().readsFile())) {
            OffLoop.run(sluice, flow, where, () -> apply(headers, matching));
        } else {
            apply(headers, matching);
        }
    }

    /** Removes every header a usable rule names, then adds the non-empty values in rule order. */
    private void apply(Headers headers, List<ModifyHeadersSpec> matching) {
        List<Change> changes = new ArrayList<>(matching.size());
        for (ModifyHeadersSpec rule : matching) {
            String value = valueOf(rule.value());
            if (value != null) changes.add(new Change(rule.name(), value));
        }
        for (Change change : changes) headers.remove(change.name());
        for (Change change : changes) if (!change.value().isEmpty()) headers.add(change.name(), change.value());
    }

    /**
     * The value a rule sets now; null (with a warning) when its file cannot be read or would
     * break the header line. Trailing line ends of a file are not part of the value.
     */
    private String valueOf(ReplacementValue value) {
        byte[] bytes;
        try {
            bytes = value.read();
        } catch (IOException e) {
            log.warn("Could not read replacement file: " + e.getMessage());
            return null;
        }
        if (!(value instanceof ReplacementValue.FromFile file)) return ModifyHeadersSpec.asHeaderText(bytes);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\r' || bytes[end - 1] == '\n')) end--;
        byte[] stripped = Arrays.copyOf(bytes, end);
        if (ModifyHeadersSpec.breaksHeaderLine(stripped)) {
            log.warn("modify_headers: value from " + file.written() + " contains CR, LF or NUL; rule skipped");
            return null;
        }
        return ModifyHeadersSpec.asHeaderText(stripped);
    }
}
