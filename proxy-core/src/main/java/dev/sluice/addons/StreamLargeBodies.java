package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Message;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;

/**
 * stream_large_bodies (features.md §14): in the headers hooks, marks a message whose declared
 * size is over the threshold as streamed. Runs last in those hooks, so an addon that set
 * {@code stream} itself wins. Bodies of unknown size are switched to streaming by the core once
 * their buffered part grows past the threshold ({@link #threshold(Options)}).
 */
public final class StreamLargeBodies implements Addon {

    public static final String OPTION = "stream_large_bodies";
    public static final String SPILL_OPTION = "body_spill_threshold";
    public static final long SPILL_DEFAULT = 4L << 20;
    public static final String STORE_OPTION = "store_streamed_bodies";

    private Options options;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.optionalSize(OPTION, """
                Stream data to the client if response body exceeds the given threshold. If streamed, the body will not \
                be stored in any way, and such responses cannot be modified. Understands k/m/g suffixes, i.e. 3m for 3 \
                megabytes."""));
        options.register(OptionSpec.size(SPILL_OPTION, SPILL_DEFAULT, """
                A buffered body is held in memory up to this size; beyond it, it goes to a temp file in the confdir \
                (bodies/<pid>/) and stays available to addons, filters, saving and replay. Understands k/m/g \
                suffixes."""));
        options.register(OptionSpec.bool(STORE_OPTION, false, """
                Store the bodies of streamed messages in the flow once they have passed (in a temp file beyond \
                body_spill_threshold)."""));
    }

    @Override
    public void configure(java.util.Set<String> changed) throws dev.sluice.option.OptionsException {
        if (changed.contains(SPILL_OPTION) && options.number(SPILL_OPTION) < 0) {
            throw dev.sluice.option.OptionsException.conversion(SPILL_OPTION, "must not be negative");
        }
    }

    /** Whether the bodies of streamed messages are kept in the flow. */
    public static boolean storeStreamed(Options options) {
        return options.has(STORE_OPTION) && options.bool(STORE_OPTION);
    }

    /** The threshold in bytes, -1 when unset; a negative setting means 0. */
    public static long threshold(Options options) {
        Long t = options.has(OPTION) ? options.number(OPTION) : null;
        return t == null ? -1 : Math.max(0, t);
    }

    @Override
    public void requestHeaders(Flow flow) {
        decide(flow.request());
    }

    @Override
    public void responseHeaders(Flow flow) {
        if (flow.response() != null) decide(flow.response());
    }

    private void decide(Message m) {
        long threshold = threshold(options);
        if (m == null || m.isStreamed() || threshold < 0) return;
        String length = m.headers().get("content-length");
        if (m.headers().contains("transfer-encoding") || length == null) {
            if (threshold == 0) m.setStreamed(true); // unknown size: the core switches late otherwise
            return;
        }
        try {
            if (Long.parseLong(length.trim()) > threshold) m.setStreamed(true);
        } catch (NumberFormatException ignored) {
            // the decoder has refused invalid lengths already
        }
    }
}
