package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.view.FlowStore;
import java.util.List;
import java.util.Set;

/** Options of the proxy core itself (listeners, limits, timeouts); checked here, used by the net layer. */
public final class CoreOptions implements Addon {

    public static final String CONFDIR_DEFAULT = "~/.sluice";

    private Options options;
    private FlowStore flows;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        flows = sluice.flows();
        options.register(OptionSpec.str("confdir", CONFDIR_DEFAULT, "Location of the default Sluice configuration files."));
        options.register(OptionSpec.str("listen_host", "", "Address to bind proxy server(s) to (may be overridden for individual modes, see `mode`)."));
        options.register(OptionSpec.optionalInt("listen_port", "Port to bind proxy server(s) to (may be overridden for individual modes, see `mode`). By default, port 8080."));
        options.register(OptionSpec.list("mode", List.of("regular"), "The proxy server type(s) to spawn. Sluice currently runs `regular` (explicit HTTP proxy) listeners."));
        options.register(OptionSpec.bool("server", true, "Start a proxy server. Enabled by default."));
        options.register(OptionSpec.bool("showhost", false, "Use the Host header to construct URLs for display."));
        options.register(OptionSpec.optionalSize("body_size_limit", "Byte size limit of HTTP request and response bodies. Understands k/m/g suffixes, i.e. 3m for 3 megabytes."));
        options.register(OptionSpec.integer("server_response_timeout", 300, "Seconds to wait for the first byte of a server's response; 0 waits forever (long polling)."));
        options.register(OptionSpec.bool("keepserving", false, "Continue serving after client playback, server playback or file read. This option is ignored by interactive tools, which always keep serving."));
        options.register(OptionSpec.choice("termlog_verbosity", "info", List.of("error", "warn", "info", "alert", "debug"), "Log verbosity."));
        options.register(OptionSpec.integer("flow_store_limit", 100000, "Maximum number of flows kept in the console's flow list; 0 means no count limit."));
        options.register(OptionSpec.optionalSize("flow_store_max_bytes",
                "Maximum bytes of bodies and headers kept in the console's flow list (k/m/g suffixes); by default a quarter of the JVM's maximum heap. Beyond either limit the oldest finished, unmarked flows are dropped."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("listen_port")) {
            Long port = options.number("listen_port");
            if (port != null && (port < 0 || port > 65535)) throw OptionsException.invalid("listen_port", "must be between 0 and 65535");
        }
        if (changed.contains("body_size_limit")) {
            Long limit = options.number("body_size_limit");
            if (limit != null && limit < 0) throw OptionsException.conversion("body_size_limit", "must not be negative");
        }
        if (changed.contains("server_response_timeout") && options.integer("server_response_timeout") < 0) {
            throw OptionsException.invalid("server_response_timeout", "must not be negative");
        }
        if (changed.contains("flow_store_limit") || changed.contains("flow_store_max_bytes")) configureFlowStore();
        if (changed.contains("mode")) {
            for (String m : options.list("mode")) {
                String kind = m.contains("@") ? m.substring(0, m.indexOf('@')) : m;
                switch (kind) {
                    case "regular" -> {
                    }
                    case "transparent", "wireguard", "local", "tun", "dns" ->
                            throw new OptionsException("Invalid mode specification: " + m + " (not supported by Sluice)");
                    default -> throw new OptionsException("Invalid mode specification: " + m + " (not yet supported by this build)");
                }
            }
        }
    }

    /** Both bounds are checked before either is applied, so a refused value leaves the store as it was. */
    private void configureFlowStore() throws OptionsException {
        long count = options.integer("flow_store_limit");
        if (count < 0) throw OptionsException.invalid("flow_store_limit", "must not be negative (0 means no count limit)");
        Long maxBytes = options.number("flow_store_max_bytes");
        if (maxBytes != null && maxBytes <= 0) throw OptionsException.invalid("flow_store_max_bytes", "must be greater than 0 (unset means a quarter of the maximum heap)");
        flows.setLimits(count, maxBytes == null ? FlowStore.defaultByteLimit() : maxBytes);
    }
}
