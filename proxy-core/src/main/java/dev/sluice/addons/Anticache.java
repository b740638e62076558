package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;

/**
 * anticache: strips the conditional headers that let a server answer 304, so every response
 * carries a body. No guard: it also cleans replayed and loaded flows.
 */
public final class Anticache implements Addon {

    private Options options;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.bool("anticache", false,
                "Strip out request headers that might cause the server to return 304-not-modified."));
    }

    @Override
    public void request(Flow flow) {
        if (options.bool("anticache") && flow.request() != null) flow.request().anticache();
    }
}
