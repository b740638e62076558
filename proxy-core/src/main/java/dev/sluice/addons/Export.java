package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.export.Exports;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * export (console.md §11): {@code export}, {@code export.file}, {@code export.clip} and
 * {@code export.formats} turn one flow into a curl or httpie command line, raw HTTP or HAR.
 * Commands only: no hooks.
 */
public final class Export implements Addon {

    private Sluice sluice;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        sluice.options().register(OptionSpec.bool("export_preserve_original_ip", false, """
                When exporting a request as an external command, make an effort to connect to the same IP as in the \
                original request. This helps with reproducibility in cases where the behaviour depends on the \
                particular host we are connecting to. Currently this only affects curl exports."""));
        Command.Param format = Command.Param.choice("format", Exports.FORMATS);
        Command.Param flow = Command.Param.of("flow", ArgType.FLOW);
        sluice.commands().register("export", List.of(format, flow), "str", "Export a flow to a string.",
                args -> new String(export(args), StandardCharsets.UTF_8));
        sluice.commands().register("export.file", List.of(format, flow, Command.Param.of("path", ArgType.PATH)), null,
                "Export a flow to a file.", args -> {
                    writeFile(Paths.expand((String) args.get(2)), export(args));
                    return null;
                });
        sluice.commands().register("export.clip", List.of(format, flow), null, "Export a flow to the system clipboard.", args -> {
            String via = sluice.clipboard().copy(new String(export(args), StandardCharsets.UTF_8));
            sluice.log().alert("Copied " + args.get(0) + " export to the clipboard (" + via + ").");
            return null;
        });
        sluice.commands().register("export.formats", List.of(), "str[]", "Return a list of the supported export formats.",
                args -> Exports.FORMATS);
    }

    private byte[] export(List<Object> args) throws CommandException {
        return Exports.export((String) args.get(0), (Flow) args.get(1), sluice.options().bool("export_preserve_original_ip"));
    }

    private void writeFile(Path path, byte[] data) throws CommandException {
        try {
            Files.write(path, data);
        } catch (IOException e) {
            throw new CommandException("Cannot write to " + path + ": " + FlowFiles.reason(e));
        }
        sluice.log().alert("Exported to " + path + ".");
    }
}
