package dev.sluice.tui.view;

import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import java.util.List;
import java.util.Locale;

/** The orders of {@code view_order} (console.md §4): each knows the sort key of a flow. */
public enum ViewOrder {
    TIME, METHOD, URL, SIZE;

    public static final List<String> NAMES = List.of("time", "method", "url", "size");

    public static ViewOrder of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key the flow sorts by; ties are broken by arrival. TIME needs no key: arrival is the order. */
    Comparable<?> key(Flow flow) {
        Request req = flow.request();
        return switch (this) {
            case TIME -> 0;
            case METHOD -> req == null ? "" : req.method();
            case URL -> req == null ? "" : req.prettyUrl();
            case SIZE -> bodySize(req) + bodySize(flow.response());
        };
    }

    private static long bodySize(Request r) {
        return r == null ? 0 : Math.max(0, r.bodySize());
    }

    private static long bodySize(Response r) {
        return r == null ? 0 : Math.max(0, r.bodySize());
    }
}
