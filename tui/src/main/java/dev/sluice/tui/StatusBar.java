package dev.sluice.tui;

import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.option.Options;
import dev.sluice.tui.screen.Glyphs;
import dev.sluice.tui.view.FlowView;
import java.util.ArrayList;
import java.util.List;

/**
 * The status bar's texts (console.md §6): order arrow, position, then the active options in
 * brief, and the listeners on the right. Options a build does not register are simply absent.
 */
public final class StatusBar {
    private StatusBar() {
    }

    public static String left(FlowView view, Options o, CommandRegistry commands, Glyphs g) {
        StringBuilder sb = new StringBuilder(view.reversed() ? g.orderUp() : g.orderDown());
        if (view.markedOnly()) sb.append(" M");
        sb.append(" [").append(view.size() == 0 ? 0 : view.focusIndex() + 1).append('/').append(view.size()).append(']');
        for (String item : items(o, commands)) sb.append(' ').append(item);
        return sb.toString();
    }

    static List<String> items(Options o, CommandRegistry commands) {
        List<String> out = new ArrayList<>();
        if (nonEmptyList(o, "modify_headers")) out.add("[Headers]");
        if (nonEmptyList(o, "modify_body")) out.add("[" + o.list("modify_body").size() + " body modifications]");
        if (nonEmptyList(o, "block_list")) out.add("[block_list:" + o.list("block_list").size() + "]");
        count(commands, "replay.client.count", "cplayback", out);
        count(commands, "replay.server.count", "splayback", out);
        if (nonEmptyList(o, "ignore_hosts")) out.add("[Ignore:" + o.list("ignore_hosts").size() + "]");
        else if (nonEmptyList(o, "allow_hosts")) out.add("[Allow:" + o.list("allow_hosts").size() + "]");
        if (nonEmptyList(o, "tcp_hosts")) out.add("[TCP:" + o.list("tcp_hosts").size() + "]");
        String intercept = text(o, "intercept");
        if (intercept != null) {
            boolean active = !o.has("intercept_active") || o.bool("intercept_active");
            out.add("[" + (active ? "i:" : "Xi:") + intercept + "]");
        }
        addText(o, "view_filter", "f", out);
        addText(o, "stickycookie", "t", out);
        addText(o, "stickyauth", "u", out);
        if (o.has("console_default_contentview") && !o.str("console_default_contentview").equals("auto")) {
            out.add("[contentview:" + o.str("console_default_contentview") + "]");
        }
        if (o.has("view_order") && !o.str("view_order").equals("time")) out.add("[o:" + o.str("view_order") + "]");
        List<String> flags = new ArrayList<>();
        for (String name : List.of("anticache", "anticomp", "showhost")) if (on(o, name)) flags.add(name);
        if (o.has("server_replay_refresh") && !o.bool("server_replay_refresh")) flags.add("norefresh");
        if (o.has("server_replay_extra") && !"forward".equals(o.str("server_replay_extra"))) flags.add("killextra");
        if (o.has("upstream_cert") && !o.bool("upstream_cert")) flags.add("no-upstream-cert");
        if (on(o, "console_focus_follow")) flags.add("following");
        if (o.has("stream_large_bodies") && o.get("stream_large_bodies") != null) flags.add(Options.format(o.get("stream_large_bodies")));
        if (!flags.isEmpty()) out.add("[" + String.join(":", flags) + "]");
        if (o.has("mode")) for (String m : o.list("mode")) if (!m.equals("regular") && !m.startsWith("regular@")) out.add("[" + m + "]");
        if (nonEmptyList(o, "scripts")) out.add("[scripts:" + o.list("scripts").size() + "]");
        addText(o, "save_stream_file", "W", out);
        return out;
    }

    /** {@code [host or *:port]} for the listener. */
    public static String right(Options o, Integer port) {
        if (port == null || !o.bool("server")) return "";
        String host = o.str("listen_host");
        return "[" + (host.isEmpty() ? "*" : host) + ":" + port + "]";
    }

    private static boolean nonEmptyList(Options o, String name) {
        return o.has(name) && !o.list(name).isEmpty();
    }

    private static boolean on(Options o, String name) {
        return o.has(name) && o.bool(name);
    }

    private static String text(Options o, String name) {
        if (!o.has(name)) return null;
        Object v = o.get(name);
        return v == null || v.toString().isEmpty() ? null : Options.format(v);
    }

    private static void addText(Options o, String name, String label, List<String> out) {
        String v = text(o, name);
        if (v != null) out.add("[" + label + ":" + v + "]");
    }

    private static void count(CommandRegistry commands, String command, String label, List<String> out) {
        if (commands.get(command) == null) return;
        try {
            Object n = commands.call(command, List.of());
            if (n instanceof Number num && num.longValue() > 0) out.add("[" + label + ":" + num + "]");
        } catch (CommandException ignored) {
            // a count that cannot be read is not shown
        }
    }
}
