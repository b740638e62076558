package dev.sluice.tui.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys to command strings, per context (console.md §3). A key is looked up in the focused
 * window's context first, then in {@code global}. The help screen and the key binding browser
 * read their lists from here, so what they show is what the keys do.
 */
public final class KeyMap {

    public static final List<String> CONTEXTS = List.of("chooser", "commands", "commonkey", "dataviewer", "eventlog",
            "flowlist", "flowview", "global", "grideditor", "help", "keybindings", "options");

    /** One binding: the key in one context runs the command. */
    public record Binding(String key, String context, String command, String help) {
    }

    private final Map<String, Map<String, Binding>> byContext = new LinkedHashMap<>();

    public void bind(List<String> contexts, String key, String command, String help) {
        for (String ctx : contexts) {
            if (!CONTEXTS.contains(ctx)) throw new IllegalArgumentException("Unsupported context: " + ctx);
            if (!KeyNames.isValid(key)) throw new IllegalArgumentException("Unknown key name: " + key);
            byContext.computeIfAbsent(ctx, c -> new LinkedHashMap<>()).put(key, new Binding(key, ctx, command, help));
        }
    }

    public void bind(String context, String key, String command, String help) {
        bind(List.of(context), key, command, help);
    }

    public boolean unbind(List<String> contexts, String key) {
        boolean any = false;
        for (String ctx : contexts) {
            Map<String, Binding> m = byContext.get(ctx);
            if (m != null && m.remove(key) != null) any = true;
        }
        return any;
    }

    /** The binding a key has in a context, falling back to {@code global}; null when unbound. */
    public Binding lookup(String context, String key) {
        Map<String, Binding> m = byContext.get(context);
        Binding b = m == null ? null : m.get(key);
        if (b == null && !context.equals("global")) {
            Map<String, Binding> g = byContext.get("global");
            b = g == null ? null : g.get(key);
        }
        return b;
    }

    /** The bindings of one context, in binding order. */
    public List<Binding> bindings(String context) {
        Map<String, Binding> m = byContext.get(context);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Every binding, context by context. */
    public List<Binding> all() {
        List<Binding> out = new ArrayList<>();
        for (String ctx : CONTEXTS) out.addAll(bindings(ctx));
        return out;
    }

    /** A copy, for applying a keys.yaml as a whole or not at all. */
    public KeyMap copy() {
        KeyMap k = new KeyMap();
        byContext.forEach((ctx, m) -> k.byContext.put(ctx, new LinkedHashMap<>(m)));
        return k;
    }

    /** Takes over another map's bindings (after a keys.yaml validated completely). */
    public void replaceWith(KeyMap other) {
        byContext.clear();
        other.byContext.forEach((ctx, m) -> byContext.put(ctx, new LinkedHashMap<>(m)));
    }
}
