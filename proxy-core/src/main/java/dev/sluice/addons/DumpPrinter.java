package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.cli.Output;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.StreamMessage;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Sizes;
import dev.sluice.text.Sanitizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** sluicedump's per-flow summary on stdout (cli.md §7), at the detail level of {@code flow_detail}. */
public final class DumpPrinter implements Addon {

    private final Output output;
    private final boolean color;
    private final int terminalWidth;
    private Options options;
    private volatile Predicate<Flow> filter = f -> true;

    /** @param terminalWidth the terminal's width when stdout is a terminal, else 0 (never cut) */
    public DumpPrinter(Output output, boolean color, int terminalWidth) {
        this.output = output;
        this.color = color;
        this.terminalWidth = terminalWidth;
    }

    /** Reads {@code flow_detail}, {@code dumper_filter} and {@code content_view_lines_cutoff}, which {@link DumpOptions} registers. */
    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
    }

    /** Keeps the compiled dumper filter; {@link DumpOptions} has refused bad expressions already. */
    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("dumper_filter")) {
            FlowFilter f = FilterOption.compile("dumper_filter", options.str("dumper_filter"));
            filter = f == null ? flow -> true : f::test;
        }
    }

    @Override
    public void response(Flow flow) {
        print(flow);
    }

    @Override
    public void error(Flow flow) {
        print(flow);
    }

    @Override
    public void tcpEnd(Flow flow) {
        print(flow);
    }

    @Override
    public void tcpError(Flow flow) {
        print(flow);
    }

    private void print(Flow flow) {
        if (flow.type() == Flow.Type.TCP) {
            int detail = (int) options.integer("flow_detail");
            if (detail > 0 && filter.test(flow)) output.out(formatTcp(flow, detail));
            return;
        }
        int detail = (int) options.integer("flow_detail");
        if (detail == 0 || flow.request() == null || !filter.test(flow)) return;
        output.out(format(flow, detail));
    }

    /** The text printed for one flow at a detail level. */
    public String format(Flow flow, int detail) {
        StringBuilder sb = new StringBuilder();
        Request req = flow.request();
        Response resp = flow.response();
        String client = flow.replay() == Flow.Replay.REQUEST ? "[replay]" : flow.client().peerText();
        String url = options.bool("showhost") ? req.prettyUrl() : req.url();
        url = Sanitizer.line(url);
        if (detail == 1 && terminalWidth > 0) {
            int max = Math.max(terminalWidth - 25, 50);
            if (url.length() > max) url = url.substring(0, max) + "…";
        }
        sb.append(client).append(": ").append(method(req.method())).append(' ').append(url);
        boolean versionsDiffer = resp != null && !req.httpVersion().equals(resp.httpVersion());
        if (!req.httpVersion().startsWith("HTTP/1") || versionsDiffer) sb.append(' ').append(req.httpVersion());
        sb.append('\n');
        if (detail >= 2) headers(sb, req);
        if (detail >= 3) body(sb, req, detail);
        if (resp != null) {
            boolean replayed = flow.replay() == Flow.Replay.RESPONSE;
            String version = !resp.httpVersion().startsWith("HTTP/1") || versionsDiffer ? resp.httpVersion() + " " : "";
            String prefix = replayed ? paint("[replay]", "33") : "";
            int pad = detail == 1 ? Math.max(0, client.length() - (2 + version.length() + (replayed ? 8 : 0))) : 0;
            long size = resp.bodySize();
            sb.append(prefix).append(" ".repeat(pad)).append(" << ").append(version).append(status(resp.statusCode()))
                    .append(' ').append(Sanitizer.line(resp.reason())).append(' ')
                    .append(size < 0 ? "(content missing)" : Sizes.format(size)).append('\n');
            if (detail >= 2) headers(sb, resp);
            if (detail >= 3) body(sb, resp, detail);
        } else if (flow.error() != null) {
            sb.append(" << ").append(paint(Sanitizer.line(flow.error().msg()), "31")).append('\n');
        }
        return sb.toString();
    }

    /**
     * A raw TCP flow (cli.md §7.2): {@code <client> <-> tcp <-> <server host:port>}, then from
     * level 3 each message, {@code ->} from the client, {@code <-} from the server, with its content.
     */
    public String formatTcp(Flow flow, int detail) {
        StringBuilder sb = new StringBuilder();
        String server = flow.server() == null ? "?" : Sanitizer.line(flow.server().host() + ":" + flow.server().port());
        sb.append(flow.client().peerText()).append(" <-> tcp <-> ").append(server).append('\n');
        if (detail >= 3) {
            for (StreamMessage m : flow.messages()) {
                sb.append(m.fromClient() ? "  -> " : "  <- ").append(Sizes.format(m.content().length)).append('\n');
                content(sb, m.content(), detail);
            }
        }
        if (flow.error() != null) sb.append(" << ").append(paint(Sanitizer.line(flow.error().msg()), "31")).append('\n');
        return sb.toString();
    }

    private void headers(StringBuilder sb, Message m) {
        for (Headers.Field f : m.headers()) {
            sb.append("    ").append(paint(Sanitizer.bytes(f.name()), "34")).append(": ").append(Sanitizer.bytes(f.value())).append('\n');
        }
        if (m.trailers() != null && !m.trailers().isEmpty()) {
            sb.append("    --- HTTP Trailers\n");
            for (Headers.Field f : m.trailers()) {
                sb.append("    ").append(paint(Sanitizer.bytes(f.name()), "34")).append(": ").append(Sanitizer.bytes(f.value())).append('\n');
            }
        }
    }

    private void body(StringBuilder sb, Message m, int detail) {
        content(sb, m.contentSeen(Message.DISK_SHOWN), detail); // a body on disk: its start
    }

    private void content(StringBuilder sb, byte[] content, int detail) {
        if (content == null || content.length == 0) return;
        long cutoff = detail == 3 ? options.integer("content_view_lines_cutoff") : Long.MAX_VALUE;
        sb.append('\n');
        List<String> lines = Sanitizer.body(new String(content, StandardCharsets.UTF_8)).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (i >= cutoff) {
                sb.append("    (cut off)\n");
                break;
            }
            sb.append("    ").append(lines.get(i).replace("\t", "    ")).append('\n');
        }
        sb.append('\n');
    }

    private String method(String m) {
        String code = switch (m) {
            case "GET" -> "1;32";
            case "DELETE" -> "1;31";
            default -> "1;35";
        };
        return paint(Sanitizer.line(m), code);
    }

    private String status(int code) {
        String c = code / 100 == 2 ? "1;32" : code / 100 == 3 ? "1;35" : code >= 400 ? "1;31" : "1";
        return paint(Integer.toString(code), c);
    }

    private String paint(String text, String sgr) {
        return color ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
    }
}
