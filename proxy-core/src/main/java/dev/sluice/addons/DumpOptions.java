package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.filter.FilterOption;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.Set;

/**
 * The display options sluicedump and the console share: both accept {@code --flow-detail} and
 * the positional filter ({@code dumper_filter}, cli.md §2.2) and both cut bodies after
 * {@code content_view_lines_cutoff} lines, so the options live apart from the printer that only
 * sluicedump loads.
 */
public final class DumpOptions implements Addon {

    private Options options;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.integer("flow_detail", 1, """
                The display detail level for flows in sluicedump: 0 (quiet) to 4 (very verbose).
                  0: no output
                  1: shortened request URL with response status code
                  2: full request URL with response status code and HTTP headers
                  3: 2 + truncated response content, content of WebSocket and TCP messages
                  4: 3 + nothing is truncated"""));
        options.register(OptionSpec.optionalStr("dumper_filter", "Limit which flows are dumped."));
        options.register(OptionSpec.integer("content_view_lines_cutoff", 512,
                "Flow content view lines limit. Limit is enabled by default to speedup flows browsing."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("flow_detail")) {
            long d = options.integer("flow_detail");
            if (d < 0 || d > 4) throw OptionsException.invalid("flow_detail", "must be between 0 and 4");
        }
        if (changed.contains("dumper_filter")) FilterOption.compile("dumper_filter", options.str("dumper_filter"));
    }
}
