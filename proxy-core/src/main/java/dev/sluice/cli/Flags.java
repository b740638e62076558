package dev.sluice.cli;

import dev.sluice.cli.Flag.Kind;
import dev.sluice.option.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags of sluicedump and sluice (cli.md §2). Flags whose option no addon registered are left
 * out, so a flag exists exactly when its feature does.
 */
public final class Flags {
    private Flags() {
    }

    static final String HELP = "help";
    static final String VERSION = "version";
    static final String OPTIONS = "options";
    static final String COMMANDS = "commands";

    static List<Flag> forOptions(Options options, boolean console) {
        List<Flag> all = new ArrayList<>();
        all.add(action(List.of("help"), 'h', HELP, "show this help message and exit"));
        all.add(action(List.of("version"), null, VERSION, "show version number and exit"));
        all.add(action(List.of("options"), null, OPTIONS, "Show all options and their default values"));
        all.add(action(List.of("commands"), null, COMMANDS, "Show all commands and their signatures"));
        all.add(new Flag(List.of("set"), null, Kind.ACTION, "set", "option[=value]", "Set an option. When the value is omitted, booleans are set to true, strings and integers are set to None (if permitted), and sequences are emptied."));
        all.add(new Flag(List.of("quiet"), 'q', Kind.FIXED, "quiet", null, "Quiet."));
        all.add(new Flag(List.of("verbose"), 'v', Kind.FIXED, "verbose", null, "Increase log verbosity."));
        bool(all, "anticache", null, "anticache");
        bool(all, "showhost", null, "showhost");
        bool(all, "show-ignored-hosts", null, "show_ignored_hosts");
        bool(all, "anticomp", null, "anticomp");
        bool(all, "store-streamed-bodies", null, "store_streamed_bodies");
        bool(all, "rawtcp", null, "rawtcp");
        bool(all, "http2", null, "http2");
        bool(all, "server-replay-kill-extra", null, "server_replay_kill_extra");
        bool(all, "server-replay-reuse", null, "server_replay_reuse");
        bool(all, "server-replay-nopop", null, "server_replay_nopop");
        bool(all, "server-replay-refresh", null, "server_replay_refresh");
        all.add(new Flag(List.of("server"), null, Kind.BOOL_ON, "server", null, "Start a proxy server. Enabled by default."));
        all.add(new Flag(List.of("no-server"), 'n', Kind.BOOL_OFF, "server", null, "Do not start a proxy server."));
        all.add(new Flag(List.of("ssl-insecure"), 'k', Kind.BOOL_ON, "ssl_insecure", null, "Do not verify upstream server SSL/TLS certificates."));
        all.add(new Flag(List.of("no-ssl-insecure"), null, Kind.BOOL_OFF, "ssl_insecure", null, "Verify upstream server SSL/TLS certificates."));
        all.add(scalar("mode", 'm', "mode", Kind.REPLACE));
        all.add(scalar("rfile", 'r', "rfile", Kind.SCALAR));
        all.add(scalar("scripts", 's', "scripts", Kind.APPEND));
        all.add(scalar("stickycookie", null, "stickycookie", Kind.SCALAR));
        all.add(scalar("stickyauth", null, "stickyauth", Kind.SCALAR));
        all.add(scalar("save-stream-file", 'w', "save_stream_file", Kind.SCALAR));
        all.add(scalar("listen-host", null, "listen_host", Kind.SCALAR));
        all.add(scalar("listen-port", 'p', "listen_port", Kind.SCALAR));
        all.add(scalar("ignore-hosts", null, "ignore_hosts", Kind.APPEND));
        all.add(scalar("allow-hosts", null, "allow_hosts", Kind.APPEND));
        all.add(scalar("tcp-hosts", null, "tcp_hosts", Kind.APPEND));
        all.add(scalar("upstream-auth", null, "upstream_auth", Kind.SCALAR));
        all.add(scalar("proxyauth", null, "proxyauth", Kind.SCALAR));
        all.add(scalar("certs", null, "certs", Kind.APPEND));
        all.add(scalar("cert-passphrase", null, "cert_passphrase", Kind.SCALAR));
        all.add(scalar("key-size", null, "key_size", Kind.SCALAR));
        all.add(scalar("client-replay", 'C', "client_replay", Kind.APPEND));
        all.add(scalar("server-replay", 'S', "server_replay", Kind.APPEND));
        all.add(scalar("server-replay-extra", null, "server_replay_extra", Kind.SCALAR));
        all.add(scalar("map-remote", 'M', "map_remote", Kind.APPEND));
        all.add(scalar("map-local", null, "map_local", Kind.APPEND));
        all.add(scalar("modify-body", 'B', "modify_body", Kind.APPEND));
        all.add(scalar("modify-headers", 'H', "modify_headers", Kind.APPEND));
        all.add(scalar("flow-detail", null, "flow_detail", Kind.SCALAR));
        if (console) {
            all.add(scalar("console-layout", null, "console_layout", Kind.SCALAR));
            bool(all, "console-layout-headers", null, "console_layout_headers");
            all.add(scalar("intercept", null, "intercept", Kind.SCALAR));
            all.add(scalar("view-filter", null, "view_filter", Kind.SCALAR));
        }
        all.removeIf(f -> f.kind() != Kind.ACTION && f.kind() != Kind.FIXED && !options.has(f.option()));
        return all;
    }

    private static Flag action(List<String> names, Character shortName, String action, String help) {
        return new Flag(names, shortName, Kind.ACTION, action, null, help);
    }

    private static Flag scalar(String name, Character shortName, String option, Kind kind) {
        return new Flag(List.of(name), shortName, kind, option, null, null);
    }

    private static void bool(List<Flag> all, String name, Character shortName, String option) {
        all.add(new Flag(List.of(name), shortName, Kind.BOOL_ON, option, null, null));
        all.add(new Flag(List.of("no-" + name), null, Kind.BOOL_OFF, option, null, null));
    }
}
