package dev.sluice.command;

import dev.sluice.Sluice;
import dev.sluice.option.ConfigFile;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code options.load path} and {@code options.save path} (console.md §8): the YAML format of
 * {@code config.yaml} (options-and-patterns.md §4). Loading is one transaction, so a bad value
 * in the file changes nothing; saving writes the options that differ from their defaults.
 */
public final class OptionsFileCommands {
    private OptionsFileCommands() {
    }

    public static void register(CommandRegistry registry, Sluice sluice) {
        Command.Param path = Command.Param.of("path", ArgType.PATH);
        registry.register("options.load", List.of(path), null, "Load options from a file.", args -> {
            Path file = Paths.expand((String) args.get(0));
            if (!Files.isRegularFile(file)) throw new CommandException("No such file: " + file);
            try {
                sluice.options().setTextual(ConfigFile.read(file, sluice.options(), sluice.log()::warn));
            } catch (OptionsException e) {
                throw new CommandException(e.getMessage());
            }
            return null;
        });
        registry.register("options.save", List.of(path), null, "Save the options that differ from their defaults to a file.", args -> {
            Path file = Paths.expand((String) args.get(0));
            try {
                ConfigFile.write(file, sluice.options());
            } catch (OptionsException e) {
                throw new CommandException(e.getMessage());
            }
            sluice.log().alert("Saved options to " + file + ".");
            return null;
        });
    }
}
