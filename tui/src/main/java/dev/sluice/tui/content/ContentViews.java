package dev.sluice.tui.content;

import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content views by name, {@code auto}'s choice, and the rendering of a message body: decoded
 * from its Content-Encoding first, with a fallback to raw (binary data to hex) and a note when
 * the chosen view cannot read the data.
 */
public final class ContentViews {
    private ContentViews() {
    }

    /** A rendered body: a description line (view name and notes) and the body lines. */
    public record Rendered(String description, List<String> lines) {
    }

    private static final Map<String, ContentView> VIEWS = new LinkedHashMap<>();

    static {
        for (ContentView v : List.of(new RawView(), new HexView(), new JsonView(), new XmlView(), BraceView.javascript(),
                BraceView.css(), new FormView(false), new MultipartView(), new FormView(true), new ImageView(), new GraphQlView())) {
            VIEWS.put(v.name(), v);
        }
    }

    /** Every mode, {@code auto} first: the choices of {@code console_default_contentview} and of {@code m}. */
    public static final List<String> NAMES = names();

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        n.add("auto");
        n.addAll(VIEWS.keySet());
        return List.copyOf(n);
    }

    /**
     * Renders a message's body in a mode; null when the message has no body at all. A body kept
     * on disk (features.md §14) is shown by its start only, so a huge body is never read whole.
     */
    public static Rendered render(Message message, String mode) {
        if (message.body() == null) return null;
        String encoding = message.headers().get("content-encoding");
        List<String> notes = new ArrayList<>();
        byte[] content;
        if (!message.body().inMemory()) {
            content = message.contentSeen(Message.DISK_SHOWN);
            if (!ContentEncoding.isIdentity(encoding)) notes.add("[decoded " + encoding.trim() + "]");
            notes.add("[showing the first " + content.length + " bytes of a " + message.body().size() + "-byte body on disk]");
        } else {
            content = message.rawContent();
            if (!ContentEncoding.isIdentity(encoding)) {
                try {
                    content = message.content();
                    notes.add("[decoded " + encoding.trim() + "]");
                } catch (ContentEncoding.DecodeException e) {
                    notes.add("[" + e.getMessage() + "]");
                }
            }
        }
        String query = message instanceof Request r ? r.query() : null;
        ContentView.Input input = new ContentView.Input(content, message.headers().get("content-type"), query);
        return render(input, mode, notes);
    }

    static Rendered render(ContentView.Input input, String mode, List<String> notes) {
        if (input.content().length == 0 && !mode.equals("query")) {
            return new Rendered(join("No content", notes), List.of());
        }
        ContentView view = mode.equals("auto") ? auto(input) : VIEWS.getOrDefault(mode, VIEWS.get("raw"));
        try {
            return new Rendered(join(title(view, mode), notes), view.render(input));
        } catch (IllegalArgumentException e) {
            ContentView fallback = isBinary(input.content()) ? VIEWS.get("hex") : VIEWS.get("raw");
            notes.add("[couldn't parse as " + view.name() + ": " + e.getMessage() + "]");
            return new Rendered(join(title(fallback, fallback.name()), notes), fallback.render(input));
        }
    }

    private static String title(ContentView view, String mode) {
        String name = view.name();
        String shown = switch (name) {
            case "json" -> "JSON";
            case "xml/html" -> "XML/HTML";
            case "css" -> "CSS";
            case "graphql" -> "GraphQL";
            case "javascript" -> "JavaScript";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
        };
        return mode.equals("auto") ? shown + " (auto)" : shown;
    }

    private static String join(String title, List<String> notes) {
        return notes.isEmpty() ? title : title + " " + String.join(" ", notes);
    }

    /** The view {@code auto} picks from the Content-Type, then from the bytes. */
    static ContentView auto(ContentView.Input input) {
        String type = input.mediaType();
        if (type.equals("application/graphql") || (isJson(type) && looksLikeGraphQl(input.content()))) return VIEWS.get("graphql");
        if (isJson(type)) return VIEWS.get("json");
        if (type.contains("javascript") || type.equals("application/ecmascript")) return VIEWS.get("javascript");
        if (type.equals("text/css")) return VIEWS.get("css");
        if (type.contains("xml") || type.equals("text/html")) return VIEWS.get("xml/html");
        if (type.equals("application/x-www-form-urlencoded")) return VIEWS.get("url-encoded");
        if (type.startsWith("multipart/form-data")) return VIEWS.get("multipart form");
        if (type.startsWith("image/")) return VIEWS.get("image");
        if (isBinary(input.content())) return VIEWS.get("hex");
        if (type.isEmpty() && JsonView.looksLikeJson(input.content())) return VIEWS.get("json");
        return VIEWS.get("raw");
    }

    private static boolean isJson(String type) {
        return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
    }

    /** A JSON object whose first key is {@code query} holding a string: a GraphQL request. */
    private static boolean looksLikeGraphQl(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 64), StandardCharsets.UTF_8).stripLeading();
        return head.startsWith("{") && head.substring(1).stripLeading().startsWith("\"query\"");
    }

    /** Many non-printable bytes (NUL, C0 controls other than whitespace) make data binary. */
    static boolean isBinary(byte[] data) {
        int n = Math.min(data.length, 4096);
        int bad = 0;
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            if (b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b)) bad++;
        }
        return n > 0 && bad * 10 > n;
    }
}
