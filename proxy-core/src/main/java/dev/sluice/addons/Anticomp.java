package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;

/** anticomp: asks servers for uncompressed bodies ({@code Accept-Encoding: identity}). No guard. */
public final class Anticomp implements Addon {

    private Options options;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.bool("anticomp", false, "Try to convince servers to send us un-compressed data."));
    }

    @Override
    public void request(Flow flow) {
        if (options.bool("anticomp") && flow.request() != null) flow.request().anticomp();
    }
}
