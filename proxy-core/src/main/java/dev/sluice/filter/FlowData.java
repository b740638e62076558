package dev.sluice.filter;

import dev.sluice.flow.Addresses;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.ServerConn;
import dev.sluice.flow.StreamMessage;
import dev.sluice.pattern.UserRegex;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The parts of a flow that operators search, rendered as filters.md §1 describes them. Shared by
 * the operators of one family ({@code ~h ~hq ~hs}, {@code ~b ~bq ~bs}, {@code ~t ~tq ~ts}),
 * which differ only in the {@link Side} they look at.
 */
final class FlowData {

    /** Which messages of a flow an operator looks at. */
    enum Side {
        EITHER(true, true), REQUEST(true, false), RESPONSE(false, true);

        final boolean request;
        final boolean response;

        Side(boolean request, boolean response) {
            this.request = request;
            this.response = response;
        }

        boolean includes(StreamMessage m) {
            return m.fromClient() ? request : response;
        }
    }

    private FlowData() {
    }

    static boolean isHttp(Flow f) {
        return f.type() == Flow.Type.HTTP;
    }

    /** Header blocks: {@code Name: value\r\n} per field, original order and case. */
    static boolean headersMatch(UserRegex regex, Flow f, Side side) {
        if (!isHttp(f)) return false;
        return side.request && headerBlockMatches(regex, f.request(), f)
                || side.response && headerBlockMatches(regex, f.response(), f);
    }

    private static boolean headerBlockMatches(UserRegex regex, Message m, Flow f) {
        return m != null && regex.find(m.headers().block(), f);
    }

    /** Any {@code Content-Type} value (parameters included) of the chosen messages. */
    static boolean contentTypeMatches(UserRegex regex, Flow f, Side side) {
        if (!isHttp(f)) return false;
        return side.request && contentTypeMatches(regex, f.request(), f)
                || side.response && contentTypeMatches(regex, f.response(), f);
    }

    static boolean contentTypeMatches(UserRegex regex, Message m, Flow f) {
        if (m == null) return false;
        Headers headers = m.headers();
        for (int i = 0; i < headers.size(); i++) {
            Headers.Field field = headers.field(i);
            if (Headers.nameEquals(field.name(), "content-type") && regex.find(field.value(), f)) return true;
        }
        return false;
    }

    /** Decoded bodies (raw when decoding fails; absent ones skipped), then WebSocket or TCP messages. */
    static boolean bodyMatches(UserRegex regex, Flow f, Side side) {
        if (isHttp(f)) {
            if (side.request && bodyMatches(regex, f.request(), f)) return true;
            if (side.response && bodyMatches(regex, f.response(), f)) return true;
            if (!f.isWebSocket()) return false;
        }
        for (StreamMessage m : f.messages()) {
            if (side.includes(m) && regex.find(m.content(), f)) return true;
        }
        return false;
    }

    /**
     * A body kept on disk is matched on its first {@link Message#DISK_PREFIX} bytes: matching a
     * whole huge body would hold it in memory and outrun the regex time budget anyway.
     */
    private static boolean bodyMatches(UserRegex regex, Message m, Flow f) {
        byte[] content = m == null ? null : m.contentSeen(Message.DISK_PREFIX);
        return content != null && regex.find(content, f);
    }

    /** {@code ip:port} of the client, IPv6 unbracketed and compressed; null when unknown. */
    static String source(Flow f) {
        ClientConn client = f.client();
        InetSocketAddress peer = client == null ? null : client.peer();
        if (peer == null) return null;
        String ip = peer.getAddress() != null ? Addresses.ipText(peer.getAddress()) : peer.getHostString();
        return ip + ":" + peer.getPort();
    }

    /** {@code host:port} as requested of the server (possibly a name); null when unknown. */
    static String destination(Flow f) {
        ServerConn server = f.server();
        if (server == null || server.host() == null) return null;
        return server.host() + ":" + server.port();
    }

    /** One {@code key: value} line per entry, values as a Python f-string prints them. */
    static String metadataText(Flow f) {
        Map<String, Object> metadata = f.metadata();
        StringBuilder text = new StringBuilder();
        synchronized (metadata) {
            for (Map.Entry<String, Object> e : metadata.entrySet()) {
                if (text.length() > 0) text.append('\n');
                text.append(e.getKey()).append(": ").append(PythonRepr.str(e.getValue()));
            }
        }
        return text.toString();
    }
}
