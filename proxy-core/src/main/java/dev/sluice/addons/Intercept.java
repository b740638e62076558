package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * intercept (features.md §15, console only): pauses matching flows for a person, in the request
 * and again in the response hook, until {@code flow.resume} or {@code flow.kill}. The filter is
 * tested at each hook, so {@code ~q} stops requests only and {@code ~s} responses only; client
 * replays are never stopped. A paused flow holds only its own connection: the chain parks on the flow and
 * the event loop goes on serving others.
 */
public final class Intercept implements Addon {

    private Sluice sluice;
    private Options options;
    private volatile FlowFilter filter;
    private String expression; // the one compiled into filter; guarded by the options' transaction

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        options = sluice.options();
        options.register(OptionSpec.optionalStr("intercept", "Intercept filter expression."));
        options.register(OptionSpec.bool("intercept_active", false, "Intercept toggle"));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (!changed.contains("intercept")) return;
        String next = StickyAuth.emptyAsUnset(options.str("intercept"));
        // compiled before anything changes: an invalid filter refuses the whole transaction
        filter = FilterOption.compile("intercept", next);
        // a roll-back to the filter in force is no new setting
        boolean isNew = !Objects.equals(next, expression);
        expression = next;
        // setting a filter switches interception on, clearing it switches it off (as in mitmproxy);
        // an intercept_active changed in the same transaction is the user's explicit word and wins
        if (isNew && !changed.contains("intercept_active")) options.update(Map.of("intercept_active", next != null));
    }

    /**
     * A flow an earlier addon answered (map_local, block_list, server replay) goes to the response
     * hook right away, with nothing sent in between: it is judged there, so it stops once, like a
     * real response.
     */
    @Override
    public void request(Flow flow) {
        if (flow.response() == null) maybeIntercept(flow);
    }

    @Override
    public void response(Flow flow) {
        maybeIntercept(flow);
    }

    private void maybeIntercept(Flow flow) {
        FlowFilter f = filter;
        if (f == null || !options.bool("intercept_active")) return;
        // client replays are never stopped (features.md §4); a response from server replay is a
        // synthetic response like map_local's and is (§15); flows read from a file (not live)
        // have nobody waiting on them
        if (flow.replay() == Flow.Replay.REQUEST || flow.error() != null || !flow.isLive()) return;
        if (!f.test(flow)) return;
        flow.intercept();
        sluice.flows().update(flow); // the console shows it as intercepted now
    }
}
