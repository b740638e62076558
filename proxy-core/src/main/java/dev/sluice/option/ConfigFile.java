package dev.sluice.option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
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
        Map<?, ?> map = mapping(file);
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

    /** The file's YAML mapping; empty for a missing or empty file. */
    private static Map<?, ?> mapping(Path file) throws OptionsException {
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
        return map;
    }

    /**
     * Writes the options that differ from their defaults into the file (as mitmproxy's
     * {@code options.save} does): entries of other names already there are kept, entries of
     * options now at their default are dropped. Owner-only, since values can hold credentials.
     */
    public static void write(Path file, Options options) throws OptionsException {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : mapping(file).entrySet()) doc.put(String.valueOf(e.getKey()), e.getValue());
        for (OptionSpec spec : options.sortedSpecs()) {
            if (options.isDefault(spec.name())) doc.remove(spec.name());
            else doc.put(spec.name(), yamlValue(options.get(spec.name())));
        }
        DumperOptions style = new DumperOptions();
        style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String text = doc.isEmpty() ? "" : new Yaml(style).dump(doc);
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new OptionsException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Object yamlValue(Object value) {
        if (value instanceof List<?> list) return list.stream().map(String::valueOf).toList();
        if (value instanceof Boolean || value instanceof Long) return value;
        return String.valueOf(value);
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
