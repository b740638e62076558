package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.addon.UserSlot;
import dev.sluice.command.Command;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts} (options-and-patterns.md §7): addon JARs whose addons run at the user-addon slot of
 * each hook. A change unloads the removed JARs' addons (done, options and commands dropped, class loader closed)
 * and loads the added ones (load, options registered and configured); JARs that stay keep their
 * addons and state. A JAR that fails to load refuses the whole change. At shutdown the chain's
 * lifecycle call reaches the user addons' done() like every other addon's.
 */
public final class Scripts implements Addon {

    /** A loaded JAR with what its addons added to the options. */
    private record Loaded(AddonJar jar, List<Options.Configurer> configurers, Set<String> options, List<OwnCommand> commands) {
    }

    private final UserSlot slot;
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();
    private Sluice sluice;
    private volatile boolean running;

    public Scripts(UserSlot slot) {
        this.slot = slot;
    }

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        sluice.options().register(OptionSpec.list("scripts", List.of(),
                "Addon JARs to load: each names its addons in META-INF/services/dev.sluice.addon.Addon."));
    }

    @Override
    public synchronized void configure(Set<String> changed) throws OptionsException {
        if (!changed.contains("scripts")) return;
        List<String> wanted = List.copyOf(new LinkedHashSet<>(sluice.options().list("scripts")));
        Map<String, AddonJar> added = openAll(wanted);
        for (String path : new ArrayList<>(loaded.keySet())) if (!wanted.contains(path)) unload(path);
        try {
            for (Map.Entry<String, AddonJar> e : added.entrySet()) join(e.getKey(), e.getValue());
        } catch (OptionsException e) {
            for (Map.Entry<String, AddonJar> a : added.entrySet()) if (!loaded.containsKey(a.getKey())) a.getValue().close();
            throw e;
        }
        List<Addon> user = new ArrayList<>();
        for (String path : wanted) user.addAll(loaded.get(path).jar().addons());
        sluice.addons().setUserAddons(slot, user);
    }

    @Override
    public void running() {
        running = true;
    }

    /** Opens the JARs not loaded yet; on a failure closes the ones opened so far and refuses. */
    private Map<String, AddonJar> openAll(List<String> wanted) throws OptionsException {
        Map<String, AddonJar> added = new LinkedHashMap<>();
        try {
            for (String path : wanted) if (!loaded.containsKey(path)) added.put(path, AddonJar.open(path));
        } catch (OptionsException e) {
            added.values().forEach(AddonJar::close);
            throw e;
        }
        return added;
    }

    /**
     * Each addon registers its options and commands and configures with its options' values; an
     * addon that refuses its configuration unloads the JAR and refuses the change.
     */
    private void join(String path, AddonJar jar) throws OptionsException {
        Options options = sluice.options();
        Loaded joined = new Loaded(jar, new ArrayList<>(), new HashSet<>(), new ArrayList<>());
        loaded.put(path, joined);
        try {
            for (Addon addon : jar.addons()) {
                Set<String> had = names(options);
                Map<String, Command> commandsHad = commands();
                addon.load(sluice);
                Set<String> own = names(options);
                own.removeAll(had);
                joined.options().addAll(own);
                commands().forEach((name, c) -> {
                    Command before = commandsHad.get(name);
                    if (before != c) joined.commands().add(new OwnCommand(c, before));
                });
                Options.Configurer configurer = addon::configure;
                options.addConfigurer(configurer);
                joined.configurers().add(configurer);
                if (!own.isEmpty()) addon.configure(own);
                if (running) addon.running();
            }
        } catch (OptionsException | RuntimeException | LinkageError e) {
            unload(path);
            if (e instanceof OptionsException oe) throw oe;
            throw OptionsException.cannotParse("scripts", path, e.toString());
        }
    }

    private void unload(String path) {
        Loaded l = loaded.remove(path);
        Options options = sluice.options();
        List<Addon> remaining = new ArrayList<>(sluice.addons().userAddons());
        remaining.removeAll(l.jar().addons());
        sluice.addons().setUserAddons(slot, remaining);
        for (Addon addon : l.jar().addons()) {
            try {
                addon.done();
            } catch (RuntimeException | LinkageError e) {
                sluice.log().warn("Addon error: " + addon.name() + ".done: " + e);
            }
        }
        l.configurers().forEach(options::removeConfigurer);
        l.options().forEach(options::unregister);
        l.commands().forEach(c -> sluice.commands().withdraw(c.command(), c.replaced()));
        l.jar().close();
    }

    /** A command an addon registered, and the one of the same name it replaced (or null). */
    private record OwnCommand(Command command, Command replaced) {
    }

    private Map<String, Command> commands() {
        Map<String, Command> byName = new HashMap<>();
        for (Command c : sluice.commands().all()) byName.put(c.name(), c);
        return byName;
    }

    private static Set<String> names(Options options) {
        Set<String> names = new HashSet<>();
        for (OptionSpec s : options.specs()) names.add(s.name());
        return names;
    }
}
