package dev.sluice.export;

import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import java.net.InetSocketAddress;

/** The {@code curl} export (console.md §11): a shell line that sends exactly the recorded request. */
final class Curl {
    private Curl() {
    }

    static String command(Flow flow, boolean preserveOriginalIp) {
        Request r = flow.request();
        CommandLine line = new CommandLine().literal("curl");
        String ip = serverIp(flow);
        if (preserveOriginalIp && ip != null && !ip.equalsIgnoreCase(r.prettyHost())) {
            // resolve the name to the address it had when recorded, keeping the URL and SNI as they were
            line.literal("--resolve").value(r.prettyHost() + ":" + r.port() + ":[" + ip + "]");
        }
        boolean compressed = false;
        for (Headers.Field f : CommandLine.headersToSend(r)) {
            if (Headers.nameEquals(f.name(), "accept-encoding")) {
                if (!compressed) line.literal("--compressed");
                compressed = true;
            } else {
                line.literal("-H").value(f.name() + ": " + f.value());
            }
        }
        byte[] body = r.rawContent() == null ? new byte[0] : r.rawContent();
        if (!r.method().equals("GET")) {
            // curl sends no Content-Length without a body, which some servers want for POST
            if (body.length == 0) line.literal("-H").value("content-length: 0");
            line.literal("-X").value(r.method());
        }
        line.value(r.prettyUrl());
        if (body.length == 0) return line.line();
        String text = ShellQuote.asArgument(body);
        if (text != null) return line.literal("--data-binary").value(text).line();
        return line.literal("--data-binary").literal("@-").line(body);
    }

    private static String serverIp(Flow flow) {
        if (flow.server() == null) return null;
        InetSocketAddress peer = flow.server().peer();
        return peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
    }
}
