package dev.sluice.export;

import dev.sluice.command.CommandException;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cut specifications (console.md §7.4): named parts of a flow, extracted as text or, for the
 * body parts, as bytes. An unknown spec is refused before anything is extracted; a part the flow
 * lacks is an empty value.
 */
public final class Cuts {

    private static final Set<String> NAMES = Set.of(
            "request.method", "request.scheme", "request.host", "request.port", "request.path", "request.url",
            "request.http_version", "request.text", "request.content", "request.raw_content", "request.timestamp_start",
            "response.status_code", "response.reason", "response.http_version", "response.text", "response.content",
            "response.raw_content", "response.timestamp_start",
            "client_conn.peername", "client_conn.sni", "client_conn.tls_version",
            "server_conn.address", "server_conn.peername", "server_conn.sni", "server_conn.alpn");

    private Cuts() {
    }

    /** Splits {@code a,b,...} (each trimmed) and checks every spec: {@code Invalid cut specification: <spec>}. */
    public static List<String> parse(String specs) throws CommandException {
        List<String> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            String spec = s.trim();
            if (!isValid(spec)) throw new CommandException("Invalid cut specification: " + spec);
            out.add(spec);
        }
        return out;
    }

    public static boolean isValid(String spec) {
        return NAMES.contains(spec) || headerName(spec) != null;
    }

    /** The spec names: what completion offers (header specs as the prefix whose name is still to type). */
    public static List<String> names() {
        List<String> out = new ArrayList<>(NAMES);
        out.add("request.header[");
        out.add("response.header[");
        out.sort(null);
        return out;
    }

    /** The value: a byte array for the body parts, a string otherwise ("" when the flow lacks the part). */
    public static Object extract(String spec, Flow flow) {
        int dot = spec.indexOf('.');
        String owner = spec.substring(0, dot);
        String attr = spec.substring(dot + 1);
        Object v = switch (owner) {
            case "request" -> message(flow.request(), attr);
            case "response" -> message(flow.response(), attr);
            case "client_conn" -> client(flow.client(), attr);
            case "server_conn" -> server(flow.server(), attr);
            default -> null;
        };
        return v == null ? "" : v;
    }

    /** The value as text: bytes in mitmproxy's escaped form ({@code \xNN}, {@code \n}, a doubled backslash). */
    public static String extractText(String spec, Flow flow) {
        Object v = extract(spec, flow);
        return v instanceof byte[] b ? escaped(b) : (String) v;
    }

    /** The value as bytes: body parts as they are, other values as UTF-8. */
    public static byte[] extractBytes(String spec, Flow flow) {
        Object v = extract(spec, flow);
        return v instanceof byte[] b ? b : ((String) v).getBytes(StandardCharsets.UTF_8);
    }

    private static String headerName(String spec) {
        for (String prefix : List.of("request.header[", "response.header[")) {
            if (spec.startsWith(prefix) && spec.endsWith("]") && spec.length() > prefix.length() + 1) {
                return spec.substring(prefix.length(), spec.length() - 1);
            }
        }
        return null;
    }

    private static Object message(Message m, String attr) {
        if (m == null) return null;
        if (attr.startsWith("header[")) return m.headers().get(attr.substring(7, attr.length() - 1));
        switch (attr) {
            case "http_version":
                return m.httpVersion();
            case "text":
                return m.text();
            case "content":
                return m.contentOrRaw();
            case "raw_content":
                return m.rawContent();
            case "timestamp_start":
                return m.timestampStart() == 0 ? null : BigDecimal.valueOf(m.timestampStart()).toPlainString();
            default:
                break;
        }
        if (m instanceof Request r) {
            return switch (attr) {
                case "method" -> r.method();
                case "scheme" -> r.scheme();
                case "host" -> r.host();
                case "port" -> Integer.toString(r.port());
                case "path" -> r.path();
                case "url" -> r.prettyUrl();
                default -> null;
            };
        }
        Response r = (Response) m;
        return switch (attr) {
            case "status_code" -> Integer.toString(r.statusCode());
            case "reason" -> r.reason();
            default -> null;
        };
    }

    private static String client(ClientConn c, String attr) {
        if (c == null) return null;
        return switch (attr) {
            case "peername" -> address(c.peer());
            case "sni" -> c.sni();
            case "tls_version" -> c.tlsVersion();
            default -> null;
        };
    }

    private static String server(ServerConn s, String attr) {
        if (s == null) return null;
        return switch (attr) {
            case "address" -> s.host() == null ? null : Request.hostPort(s.host(), s.port());
            case "peername" -> address(s.peer());
            case "sni" -> s.sni();
            case "alpn" -> s.alpn();
            default -> null;
        };
    }

    /** {@code ip:port} ({@code [ip]:port} for IPv6). */
    private static String address(InetSocketAddress a) {
        if (a == null) return null;
        return Request.hostPort(a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString(), a.getPort());
    }

    /** Python's escaped form of bytes: printable ASCII as is, a backslash doubled, \t \n \r, other bytes {@code \xNN}. */
    static String escaped(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            int v = x & 0xff;
            switch (v) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (v >= 0x20 && v < 0x7f) sb.append((char) v);
                    else sb.append(String.format("\\x%02x", v));
                }
            }
        }
        return sb.toString();
    }
}
