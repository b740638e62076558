package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * stickyauth (features.md §12): remembers the Authorization header seen for each host and adds
 * it to later matching requests to that host that carry none.
 */
public final class StickyAuth implements Addon {

    private Options options;
    private volatile FlowFilter filter;
    private final Map<String, String> remembered = new ConcurrentHashMap<>();

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.optionalStr("stickyauth", "Set sticky auth filter. Matched against requests."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("stickyauth")) filter = FilterOption.compile("stickyauth", emptyAsUnset(options.str("stickyauth")));
    }

    static String emptyAsUnset(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public void request(Flow flow) {
        FlowFilter f = filter;
        if (f == null) return;
        Headers headers = flow.request().headers();
        String host = flow.request().host();
        String auth = headers.get("authorization");
        if (auth != null) {
            remembered.put(host, auth);
        } else if (f.test(flow)) {
            String value = remembered.get(host);
            if (value != null) headers.add("Authorization", value);
        }
    }
}
