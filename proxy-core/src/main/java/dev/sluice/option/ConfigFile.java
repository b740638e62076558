package dev.sluice.option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code CONFDIR/config.yaml} and {@code config.yml} (options-and-patterns.md §4): a YAML mapping
 * from option name to value, turned into textual values for one transaction. Unknown names are
 * warnings (a file can be shared with mitmproxy); a scalar where a list is expected is a one-item
 * list; {@code null} means unset.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** The config files of a confdir, in the order they apply (the later wins per option). */
    public static List<Path> candidates(Path confdir) {
        return List.of(confdir.resolve("config.yaml"), confdir.resolve("config.yml"));
    }

    /** Reads one file into textual values; a missing file gives none. */
    public static Map<String, List<String>> read(Path file, Options options, Consumer<String> warn) throws OptionsException {
        if (!Files.exists(file)) return Map.of();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OptionsException("Config error in " + file + ": " + e.getMessage());
        }
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new OptionsException("Config error in " + file + " at line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new OptionsException("Config error in " + file + ": " + e.getMessage());
        }
        if (doc == null) return Map.of();
        if (!(doc instanceof Map<?, ?> map)) {
            throw new OptionsException("Config error in " + file + ": expected a mapping of option names to values");
        }
        Map<String, List<String>> textual = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            OptionSpec spec = options.spec(name);
            if (spec == null) {
                warn.accept(file + ": ignoring unknown option " + name);
                continue;
            }
            textual.put(name, toText(e.getValue()));
        }
        return textual;
    }

    private static List<String> toText(Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object o : list) items.add(String.valueOf(o));
            return items;
        }
        return List.of(String.valueOf(value));
    }
}
