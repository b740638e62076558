package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import dev.sluice.flow.StatusCodes;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.pattern.BlockSpec;
import dev.sluice.pattern.PatternOption;
import java.util.List;
import java.util.Set;

/**
 * block_list: answers matching requests locally with an empty response of the rule's status, or
 * hangs up on them (444), so the server is never contacted (features.md §3).
 */
public final class BlockList implements Addon {

    private Options options;
    private volatile List<BlockSpec> rules = List.of();

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.list("block_list", List.of(), """
                Block matching requests and return an empty response with the specified HTTP status. \
                Option syntax is "/flow-filter/status-code", where flow-filter describes which requests this rule \
                should be applied to and status-code is the HTTP status code to return for blocked requests. \
                The separator ("/" in the example) can be any character. Setting a non-standard status code \
                of 444 will close the connection without sending a response."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("block_list")) rules = PatternOption.parseAll("block_list", options.list("block_list"), BlockSpec::parse);
    }

    @Override
    public void request(Flow flow) {
        if (!Guards.requestOpen(flow)) return;
        BlockSpec lastMatch = null;
        boolean hangUp = false;
        for (BlockSpec rule : rules) {
            if (!rule.filter().test(flow)) continue;
            flow.metadata().put("blocklisted", true);
            lastMatch = rule;
            hangUp |= rule.hangsUp();
        }
        // one 444 among the matches wins: a hung-up client cannot be answered anyway
        if (hangUp) flow.kill();
        else if (lastMatch != null) flow.setResponse(emptyResponse(lastMatch.status()));
    }

    /** {@code Server} and {@code Content-Length: 0}; the reason phrase is empty for codes without one. */
    private static Response emptyResponse(int status) {
        Response response = Response.make(status, new byte[0], Headers.of("Server", "Sluice " + Sluice.VERSION, "Content-Length", "0"));
        if (!StatusCodes.isKnown(status)) response.setReason("");
        return response;
    }
}
