package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.addon.AddonChain;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code script.run flows path} (console.md §8): runs an addon JAR's flow hooks on the given flows,
 * not live (nothing is sent), and shows the changes. Each JAR is loaded once and kept, so its
 * addons keep their state between runs, apart from the addons of the {@code scripts} option.
 */
public final class ScriptRun implements Addon {

    private final Map<String, AddonChain> byPath = new HashMap<>();
    private Sluice sluice;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        sluice.commands().register("script.run", List.of(Command.Param.of("flows", ArgType.FLOWS), Command.Param.of("path", ArgType.PATH)),
                null, "Run an addon JAR's hooks on flows (not live: nothing is sent).", args -> {
                    run(CommandRegistry.flowsArg(args.get(0)), (String) args.get(1));
                    return null;
                });
    }

    @Override
    public synchronized void done() {
        byPath.values().forEach(chain -> chain.lifecycle("done", Addon::done));
    }

    private void run(List<Flow> flows, String path) throws CommandException {
        AddonChain chain = chainOf(path);
        for (Flow f : flows) chain.replay(f, () -> sluice.flows().update(f));
    }

    private synchronized AddonChain chainOf(String path) throws CommandException {
        AddonChain chain = byPath.get(path);
        if (chain != null) return chain;
        AddonJar jar;
        try {
            jar = AddonJar.open(path);
        } catch (OptionsException e) {
            throw new CommandException(e.getMessage());
        }
        chain = new AddonChain(sluice.log());
        chain.addAll(jar.addons());
        chain.lifecycle("load", a -> a.load(sluice));
        byPath.put(path, chain);
        return chain;
    }
}
