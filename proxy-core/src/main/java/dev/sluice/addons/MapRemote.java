package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.Url;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.pattern.MapRemoteSpec;
import dev.sluice.pattern.PatternOption;
import java.util.List;
import java.util.Set;

/**
 * map_remote: rewrites request URLs before they are sent (features.md §6). The request then goes
 * to the new scheme, host and port, and its Host header follows the new authority.
 */
public final class MapRemote implements Addon {

    private Options options;
    private EventLog log;
    private volatile List<MapRemoteSpec> rules = List.of();

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.list("map_remote", List.of(), """
                Map remote resources to another remote URL using a pattern of the form \
                "[/flow-filter]/url-regex/replacement", where the separator can be any character."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("map_remote")) rules = PatternOption.parseAll("map_remote", options.list("map_remote"), MapRemoteSpec::parse);
    }

    @Override
    public void request(Flow flow) {
        if (!Guards.requestOpen(flow)) return;
        // rules chain: each one sees the URL (and the filter the flow) as the previous one left it
        for (MapRemoteSpec rule : rules) {
            if (!rule.filter().test(flow)) continue;
            String url = flow.request().prettyUrl();
            String rewritten = rule.rewrite(url, flow);
            if (rewritten == null || rewritten.equals(url)) continue;
            if (!isValidUrl(rewritten)) {
                log.warn("map_remote: rewritten URL is invalid: " + rewritten);
                continue;
            }
            redirect(flow.request(), rewritten);
        }
    }

    /** New scheme, host, port and path; a Host header (never added) names the new authority. */
    private static void redirect(Request request, String url) {
        request.setUrl(url);
        if (request.headers().contains("host")) request.headers().set("Host", Url.parse(url).authority());
    }

    /** An absolute http(s) URL that can go on a request line: printable ASCII only. */
    private static boolean isValidUrl(String url) {
        if (url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) return false;
        try {
            Url.parse(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
