package dev.sluice.tui.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code CONFDIR/keys.yaml} (console.md §3.4), mitmproxy's format: a list of maps with
 * {@code key}, {@code cmd}, {@code ctx} (default {@code [global]}) and {@code help}. The file is
 * applied as a whole or not at all.
 */
public final class KeysFile {
    private KeysFile() {
    }

    public static final class KeysFileException extends Exception {
        public KeysFileException(String message) {
            super(message);
        }
    }

    private static final Set<String> ATTRIBUTES = Set.of("key", "cmd", "ctx", "help");

    /** Applies the file's bindings over the map's, or throws and leaves the map as it was. */
    public static void apply(Path file, KeyMap keys) throws KeysFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new KeysFileException("Cannot read " + file + ": " + e.getMessage());
        }
        KeyMap updated = keys.copy();
        for (Object entry : parse(text)) {
            if (!(entry instanceof Map<?, ?> m)) throw new KeysFileException("Invalid type for key binding");
            Set<String> unknown = new TreeSet<>();
            for (Object k : m.keySet()) if (!ATTRIBUTES.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
            if (!unknown.isEmpty()) throw new KeysFileException("Unknown key attributes: " + String.join(", ", unknown));
            String key = string(m, "key", true);
            String cmd = string(m, "cmd", true);
            String help = string(m, "help", false);
            List<String> contexts = contexts(m.get("ctx"));
            for (String ctx : contexts) if (!KeyMap.CONTEXTS.contains(ctx)) throw new KeysFileException("Unsupported context: " + ctx);
            if (!KeyNames.isValid(key)) throw new KeysFileException("Unknown key name: " + key);
            updated.bind(contexts, key, cmd, help);
        }
        keys.replaceWith(updated);
    }

    private static List<?> parse(String text) throws KeysFileException {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (doc == null) return List.of();
            if (!(doc instanceof List<?> l)) throw new KeysFileException("Invalid type for key bindings: a list is required");
            return l;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new KeysFileException(line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new KeysFileException("0: " + e.getMessage());
        }
    }

    private static String string(Map<?, ?> m, String attr, boolean required) throws KeysFileException {
        Object v = m.get(attr);
        if (v == null) {
            if (required) throw new KeysFileException("Invalid type for " + attr);
            return null;
        }
        if (!(v instanceof String s)) throw new KeysFileException("Invalid type for " + attr);
        return s;
    }

    private static List<String> contexts(Object ctx) throws KeysFileException {
        if (ctx == null) return List.of("global");
        if (!(ctx instanceof List<?> l)) throw new KeysFileException("Invalid type for ctx");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new KeysFileException("Invalid type for ctx");
            out.add(s);
        }
        return out;
    }
}
