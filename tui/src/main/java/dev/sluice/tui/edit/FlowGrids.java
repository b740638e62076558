package dev.sluice.tui.edit;

import dev.sluice.command.FlowEdits;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Forms;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.tui.grid.CellCodec;
import dev.sluice.tui.grid.GridTarget;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of a flow edited in a grid (console.md §10.1): headers, query, forms, cookies,
 * set-cookies and path components. Each reads its rows from the flow and writes them back;
 * {@link FlowEditor} wraps the write in {@link FlowEdits#begin} and the store update.
 */
final class FlowGrids {
    private FlowGrids() {
    }

    /** Reads the rows of a part and writes edited rows back (throwing Refused for a bad row). */
    interface Part {
        List<String> columns();

        CellCodec codec();

        /** The message the part belongs to ({@link FlowEdits#begin} makes a response for a flow without one). */
        default FlowEdits.Part side() {
            return FlowEdits.Part.REQUEST;
        }

        List<List<String>> read(Flow f);

        /** Refuses rows that cannot be written (before anything changes). */
        default void check(List<List<String>> rows) throws GridTarget.Refused {
        }

        void write(Flow f, List<List<String>> rows);
    }

    static final List<String> NAMES = List.of("cookies", "multipart form", "path", "query", "request-headers",
            "response-headers", "set-cookies", "urlencoded form");

    static Part part(String name) {
        return switch (name) {
            case "request-headers" -> new HeaderPart(false);
            case "response-headers" -> new HeaderPart(true);
            case "query" -> new Fields("Key", "Value") {
                @Override
                public List<List<String>> read(Flow f) {
                    return rows(Forms.urlencoded(f.request().query() == null ? "" : f.request().query()));
                }

                @Override
                public void write(Flow f, List<List<String>> rows) {
                    Request r = f.request();
                    r.setPath(r.pathOnly() + (rows.isEmpty() ? "" : "?" + FormEncoding.urlencoded(rows)));
                }
            };
            case "urlencoded form" -> new Fields("Key", "Value") {
                @Override
                public List<List<String>> read(Flow f) {
                    byte[] body = f.request().contentOrRaw();
                    if (!Forms.isType(f.request().headers().get("content-type"), "application/x-www-form-urlencoded")) return List.of();
                    return rows(Forms.urlencoded(body == null ? "" : new String(body, StandardCharsets.ISO_8859_1)));
                }

                @Override
                public void write(Flow f, List<List<String>> rows) {
                    f.request().headers().set("Content-Type", "application/x-www-form-urlencoded");
                    f.request().setContent(FormEncoding.urlencoded(rows).getBytes(StandardCharsets.US_ASCII));
                }
            };
            case "multipart form" -> new Fields("Key", "Value") {
                @Override
                public List<List<String>> read(Flow f) {
                    String ct = f.request().headers().get("content-type");
                    byte[] body = f.request().contentOrRaw();
                    return Forms.isType(ct, "multipart/form-data") && body != null ? rows(Forms.multipart(ct, body)) : List.of();
                }

                @Override
                public void write(Flow f, List<List<String>> rows) {
                    String ct = f.request().headers().get("content-type");
                    String boundary = Forms.isType(ct, "multipart/form-data") ? Forms.parameter(ct, "boundary") : null;
                    if (boundary == null || boundary.isEmpty()) {
                        boundary = UUID.randomUUID().toString().replace("-", "");
                        f.request().headers().set("Content-Type", "multipart/form-data; boundary=" + boundary);
                    }
                    f.request().setContent(FormEncoding.multipart(boundary, rows));
                }
            };
            case "cookies" -> new Fields("Name", "Value") {
                @Override
                public List<List<String>> read(Flow f) {
                    List<List<String>> out = new ArrayList<>();
                    for (String header : f.request().headers().getAll("cookie")) {
                        for (String pair : header.split(";")) {
                            if (pair.isBlank()) continue;
                            int eq = pair.indexOf('=');
                            out.add(eq < 0 ? List.of(pair.trim(), "") : List.of(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()));
                        }
                    }
                    return out;
                }

                @Override
                public void write(Flow f, List<List<String>> rows) {
                    Headers h = f.request().headers();
                    List<String> pairs = new ArrayList<>();
                    for (List<String> r : rows) pairs.add(r.get(0) + "=" + r.get(1));
                    h.remove("cookie");
                    if (!pairs.isEmpty()) h.add("Cookie", String.join("; ", pairs));
                }
            };
            case "set-cookies" -> new SetCookies();
            case "path" -> new Fields("Component") {
                @Override
                public List<List<String>> read(Flow f) {
                    List<List<String>> out = new ArrayList<>();
                    String path = f.request().pathOnly();
                    if (path.startsWith("/")) path = path.substring(1);
                    if (path.isEmpty()) return out;
                    for (String segment : path.split("/", -1)) out.add(List.of(percentDecoded(segment)));
                    return out;
                }

                @Override
                public void write(Flow f, List<List<String>> rows) {
                    StringBuilder path = new StringBuilder();
                    for (List<String> r : rows) path.append('/').append(FormEncoding.pathSegment(r.get(0)));
                    String query = f.request().query();
                    f.request().setPath((path.length() == 0 ? "/" : path.toString()) + (query == null ? "" : "?" + query));
                }
            };
            default -> null;
        };
    }

    private static String percentDecoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    /** Parts of decoded text. */
    private abstract static class Fields implements Part {
        private final List<String> columns;

        Fields(String... columns) {
            this.columns = List.of(columns);
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public CellCodec codec() {
            return CellCodec.TEXT;
        }

        static List<List<String>> rows(List<Map.Entry<String, String>> fields) {
            List<List<String>> out = new ArrayList<>();
            for (Map.Entry<String, String> e : fields) out.add(List.of(e.getKey(), e.getValue()));
            return out;
        }
    }

    /** Request or response headers, byte for byte; a name that is no token or a value with CR, LF or NUL is refused. */
    private record HeaderPart(boolean response) implements Part {

        @Override
        public List<String> columns() {
            return List.of("Name", "Value");
        }

        @Override
        public CellCodec codec() {
            return CellCodec.BYTES;
        }

        @Override
        public FlowEdits.Part side() {
            return response ? FlowEdits.Part.RESPONSE : FlowEdits.Part.REQUEST;
        }

        @Override
        public List<List<String>> read(Flow f) {
            Message m = response ? f.response() : f.request();
            List<List<String>> out = new ArrayList<>();
            if (m != null) for (Headers.Field h : m.headers()) out.add(List.of(h.name(), h.value()));
            return out;
        }

        @Override
        public void check(List<List<String>> rows) throws GridTarget.Refused {
            for (int i = 0; i < rows.size(); i++) {
                String name = rows.get(i).get(0);
                if (name.isEmpty() || !name.chars().allMatch(FlowGrids::isTokenChar)) {
                    throw new GridTarget.Refused("Invalid header name: " + name, i);
                }
                if (rows.get(i).get(1).chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new GridTarget.Refused("Header " + name + ": a value cannot contain CR, LF or NUL", i);
                }
            }
        }

        @Override
        public void write(Flow f, List<List<String>> rows) {
            Headers h = new Headers();
            for (List<String> r : rows) h.add(r.get(0), r.get(1));
            (response ? f.response() : f.request()).setHeaders(h);
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Set-Cookie headers as name, value and the attributes after them. */
    private static final class SetCookies extends Fields {
        SetCookies() {
            super("Name", "Value", "Attributes");
        }

        @Override
        public FlowEdits.Part side() {
            return FlowEdits.Part.RESPONSE;
        }

        @Override
        public List<List<String>> read(Flow f) {
            List<List<String>> out = new ArrayList<>();
            if (f.response() == null) return out;
            for (String header : f.response().headers().getAll("set-cookie")) {
                int semi = header.indexOf(';');
                String pair = semi < 0 ? header : header.substring(0, semi);
                String attrs = semi < 0 ? "" : header.substring(semi + 1).trim();
                int eq = pair.indexOf('=');
                out.add(List.of(eq < 0 ? pair.trim() : pair.substring(0, eq).trim(), eq < 0 ? "" : pair.substring(eq + 1).trim(), attrs));
            }
            return out;
        }

        @Override
        public void write(Flow f, List<List<String>> rows) {
            Headers h = f.response().headers();
            h.remove("set-cookie");
            for (List<String> r : rows) h.add("Set-Cookie", r.get(0) + "=" + r.get(1) + (r.get(2).isEmpty() ? "" : "; " + r.get(2)));
        }
    }
}
