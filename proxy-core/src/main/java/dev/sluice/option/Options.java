package dev.sluice.option;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The typed option registry. Every change is a transaction: values are converted first, then the
 * configurers that own changed options run; if any conversion or configurer fails, every change
 * of the transaction is rolled back, configurers run again with the old values, and the first
 * error is thrown. Reads are lock-free (an immutable snapshot swapped on each change).
 */
public final class Options {

    /** Reacts to changed options; throws to refuse the change (which rolls the transaction back). */
    @FunctionalInterface
    public interface Configurer {
        void configure(Set<String> changed) throws OptionsException;
    }

    private final Map<String, OptionSpec> specs = new LinkedHashMap<>();
    private volatile Map<String, Object> values = Map.of();
    private final List<Configurer> configurers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Set<String>>> changeListeners = new CopyOnWriteArrayList<>();
    /** List options holding file paths: re-assigning the same value is still a change. */
    private final Set<String> rereadOnSameValue = new LinkedHashSet<>();

    public synchronized void register(OptionSpec spec) {
        if (specs.containsKey(spec.name())) throw new IllegalArgumentException("option registered twice: " + spec.name());
        specs.put(spec.name(), spec);
        Map<String, Object> v = new HashMap<>(values);
        v.put(spec.name(), spec.defaultValue());
        values = v;
    }

    public synchronized void unregister(String name) {
        specs.remove(name);
        Map<String, Object> v = new HashMap<>(values);
        v.remove(name);
        values = v;
    }

    /** Marks a list option whose items are files: setting the same list again re-reads them. */
    public synchronized void rereadWhenSetAgain(String name) {
        rereadOnSameValue.add(name);
    }

    public void addConfigurer(Configurer c) {
        configurers.add(c);
    }

    public void removeConfigurer(Configurer c) {
        configurers.remove(c);
    }

    /** Called after each successful transaction with the changed names. */
    public void addChangeListener(Consumer<Set<String>> l) {
        changeListeners.add(l);
    }

    public synchronized Collection<OptionSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** Specs sorted by name. */
    public synchronized List<OptionSpec> sortedSpecs() {
        return List.copyOf(new TreeMap<>(specs).values());
    }

    public synchronized OptionSpec spec(String name) {
        return specs.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Object get(String name) {
        Map<String, Object> v = values;
        if (!v.containsKey(name)) throw new IllegalArgumentException("Unknown option: " + name);
        return v.get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    /** int, size, optional int/size values; null when unset. */
    public Long number(String name) {
        return (Long) get(name);
    }

    public long integer(String name) {
        return (Long) get(name);
    }

    /** str, choice and optional str values; null when unset. */
    public String str(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        return (List<String>) get(name);
    }

    public boolean isDefault(String name) {
        return Objects.equals(get(name), spec(name).defaultValue());
    }

    // ---- textual assignment ----

    /** Applies {@code name[=value]} specs as one transaction (the same name repeated forms a list). */
    public void set(String... specs) throws OptionsException {
        set(List.of(specs));
    }

    public void set(List<String> specTexts) throws OptionsException {
        LinkedHashMap<String, List<String>> grouped = new LinkedHashMap<>();
        for (String s : specTexts) {
            int eq = s.indexOf('=');
            String name = eq < 0 ? s : s.substring(0, eq);
            List<String> vals = grouped.computeIfAbsent(name, k -> new ArrayList<>());
            if (eq >= 0) vals.add(s.substring(eq + 1));
        }
        setTextual(grouped);
    }

    /**
     * Applies textual values as one transaction. For each name, an empty list means a bare
     * {@code name}; otherwise the values as given (several values form a list).
     */
    public void setTextual(Map<String, List<String>> textual) throws OptionsException {
        List<String> unknown = new ArrayList<>();
        for (String name : textual.keySet()) if (spec(name) == null) unknown.add(name);
        if (unknown.size() == 1) throw new OptionsException("Unknown option: " + unknown.get(0));
        if (unknown.size() > 1) throw new OptionsException("Unknown options: " + String.join(", ", unknown));
        LinkedHashMap<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : textual.entrySet()) {
            typed.put(e.getKey(), convert(spec(e.getKey()), e.getValue()));
        }
        update(typed);
    }

    /** Converts textual values per the spec's assignment table. */
    public Object convert(OptionSpec spec, List<String> texts) throws OptionsException {
        String name = spec.name();
        boolean bare = texts.isEmpty();
        if (spec.type() == OptionType.LIST) {
            if (bare || (texts.size() == 1 && texts.get(0).isEmpty())) return List.of();
            return List.copyOf(texts);
        }
        if (texts.size() > 1) {
            throw OptionsException.conversion(name, "received multiple values: [" + String.join(", ", texts) + "]");
        }
        String v = bare ? null : texts.get(0);
        boolean empty = v == null || v.isEmpty();
        switch (spec.type()) {
            case BOOL -> {
                if (empty) return Boolean.TRUE;
                String lower = v.toLowerCase(java.util.Locale.ROOT);
                return switch (lower) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "toggle" -> !bool(name);
                    default -> throw OptionsException.conversion(name, "not a boolean: " + v + " (use true, false or toggle)");
                };
            }
            case INT, OPTIONAL_INT -> {
                if (empty) {
                    if (spec.type() == OptionType.OPTIONAL_INT) return null;
                    throw OptionsException.conversion(name, "a value is required");
                }
                return parseInteger(name, v);
            }
            case STR -> {
                if (v == null) throw OptionsException.conversion(name, "a value is required");
                return v;
            }
            case OPTIONAL_STR -> {
                return empty ? null : v;
            }
            case SIZE, OPTIONAL_SIZE -> {
                if (empty) {
                    if (spec.type() == OptionType.OPTIONAL_SIZE) return null;
                    throw OptionsException.conversion(name, "a value is required");
                }
                try {
                    return Sizes.parse(v);
                } catch (IllegalArgumentException e) {
                    throw OptionsException.conversion(name, e.getMessage());
                }
            }
            case CHOICE -> {
                if (empty) throw OptionsException.conversion(name, "a value is required");
                if (!spec.choices().contains(v)) {
                    throw OptionsException.conversion(name, "invalid choice: " + v + " (choose from " + String.join(", ", spec.choices()) + ")");
                }
                return v;
            }
            default -> throw new AssertionError(spec.type());
        }
    }

    private static Long parseInteger(String name, String v) throws OptionsException {
        if (!v.matches("[+-]?\\d(?:_?\\d)*")) throw OptionsException.conversion(name, "not an integer: " + v);
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw OptionsException.conversion(name, "not an integer: " + v);
        }
    }

    // ---- typed transactions ----

    /** Applies typed values as one transaction. */
    public void update(Map<String, ?> typed) throws OptionsException {
        Set<String> changed;
        synchronized (this) {
            for (String name : typed.keySet()) {
                if (spec(name) == null) throw new OptionsException("Unknown option: " + name);
            }
            Map<String, Object> old = values;
            Map<String, Object> next = new HashMap<>(old);
            changed = new LinkedHashSet<>();
            for (Map.Entry<String, ?> e : typed.entrySet()) {
                Object nv = e.getValue() instanceof List<?> l ? List.copyOf(l) : e.getValue();
                if (!Objects.equals(old.get(e.getKey()), nv) || rereadOnSameValue.contains(e.getKey())) {
                    next.put(e.getKey(), nv);
                    changed.add(e.getKey());
                }
            }
            if (changed.isEmpty()) return;
            values = next;
            try {
                for (Configurer c : configurers) c.configure(changed);
            } catch (OptionsException | RuntimeException failure) {
                values = old;
                for (Configurer c : configurers) {
                    try {
                        c.configure(changed);
                    } catch (OptionsException | RuntimeException ignored) {
                        // the old values were accepted before; nothing better to do than keep going
                    }
                }
                if (failure instanceof OptionsException oe) throw oe;
                throw new OptionsException("Invalid value for " + String.join(", ", changed) + ": " + failure);
            }
        }
        for (Consumer<Set<String>> l : changeListeners) l.accept(changed);
    }

    /** Runs every configurer once with all option names (start-up). */
    public void configureAll() throws OptionsException {
        Set<String> all;
        synchronized (this) {
            all = new LinkedHashSet<>(specs.keySet());
        }
        for (Configurer c : configurers) c.configure(all);
    }

    public void reset() throws OptionsException {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (OptionSpec s : specs()) defaults.put(s.name(), s.defaultValue());
        update(defaults);
    }

    public void resetOne(String name) throws OptionsException {
        OptionSpec s = spec(name);
        if (s == null) throw new OptionsException("No such option: " + name);
        Map<String, Object> one = new HashMap<>();
        one.put(name, s.defaultValue());
        update(one);
    }

    /** The value as text, as shown by the options screen and written to config files. */
    public static String format(Object value) {
        if (value == null) return "";
        if (value instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object o : l) items.add(String.valueOf(o));
            return String.join(", ", items);
        }
        return String.valueOf(value);
    }
}
