package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.auth.CookieJar;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.Set;

/**
 * stickycookie (features.md §13): learns cookies from every response while enabled and adds the
 * matching ones to cookie-less requests that the filter selects.
 */
public final class StickyCookie implements Addon {

    private Options options;
    private volatile FlowFilter filter;
    private final CookieJar jar = new CookieJar();

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.optionalStr("stickycookie", "Set sticky cookie filter. Matched against requests."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("stickycookie")) filter = FilterOption.compile("stickycookie", StickyAuth.emptyAsUnset(options.str("stickycookie")));
    }

    /** Learning: every response while enabled, whatever the filter says. */
    @Override
    public void response(Flow flow) {
        if (filter == null || flow.response() == null) return;
        Request r = flow.request();
        for (String line : flow.response().headers().getAll("set-cookie")) {
            jar.learn(line, r.host(), r.port(), System.currentTimeMillis());
        }
    }

    /** Applying: only to cookie-less requests the filter matches. */
    @Override
    public void request(Flow flow) {
        FlowFilter f = filter;
        if (f == null) return;
        Request r = flow.request();
        boolean hasCookies = r.headers().getAll("cookie").stream().anyMatch(v -> !v.isBlank());
        if (hasCookies || !f.test(flow)) return;
        String cookies = jar.cookieHeader(r.host(), r.port(), r.path(), "https".equals(r.scheme()));
        if (cookies == null) return;
        r.headers().remove("cookie");
        r.headers().add("Cookie", cookies);
        flow.metadata().put("stickycookie", true);
    }
}
