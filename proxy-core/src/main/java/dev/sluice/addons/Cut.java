package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.export.Cuts;
import dev.sluice.export.StrictUtf8;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.option.Paths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * cut (console.md §7.4, §8): {@code cut} returns chosen parts of flows as a table,
 * {@code cut.save} writes them ({@code +path} appends) and {@code cut.clip} copies them. One cut
 * of one flow is written as its raw bytes (a body saved as is); anything more becomes CSV, as
 * mitmproxy does. Commands only: no hooks.
 */
public final class Cut implements Addon {

    private Sluice sluice;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        Command.Param flows = Command.Param.of("flows", ArgType.FLOWS);
        Command.Param cuts = Command.Param.of("cuts", ArgType.CUTS);
        sluice.commands().register("cut", List.of(flows, cuts), "str[][]", "Cut data from a set of flows.", args -> {
            List<String> specs = Cuts.parse((String) args.get(1));
            List<List<String>> table = new ArrayList<>();
            for (Flow f : CommandRegistry.flowsArg(args.get(0))) table.add(row(specs, f));
            return table;
        });
        sluice.commands().register("cut.save", List.of(flows, cuts, Command.Param.of("path", ArgType.PATH)), null,
                "Save cuts to file (+path appends). A single cut of a single flow is written raw, anything else as CSV.",
                args -> {
                    save(CommandRegistry.flowsArg(args.get(0)), Cuts.parse((String) args.get(1)), (String) args.get(2));
                    return null;
                });
        sluice.commands().register("cut.clip", List.of(flows, cuts), null, "Copy cuts to the system clipboard.", args -> {
            clip(CommandRegistry.flowsArg(args.get(0)), Cuts.parse((String) args.get(1)));
            return null;
        });
    }

    private static List<String> row(List<String> specs, Flow f) {
        List<String> row = new ArrayList<>();
        for (String spec : specs) row.add(Cuts.extractText(spec, f));
        return row;
    }

    private static boolean single(List<Flow> flows, List<String> specs) {
        return flows.size() == 1 && specs.size() == 1;
    }

    private void save(List<Flow> flows, List<String> specs, String target) throws CommandException {
        boolean append = target.startsWith("+");
        Path path = Paths.expand(append ? target.substring(1) : target);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (single(flows, specs)) {
                // appended to earlier content, a single cut starts on its own line
                if (append && Files.exists(path) && Files.size(path) > 0) out.write('\n');
                out.writeBytes(Cuts.extractBytes(specs.get(0), flows.get(0)));
            } else {
                out.writeBytes(csv(flows, specs).getBytes(StandardCharsets.UTF_8));
            }
            Files.write(path, out.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CommandException("Cannot write to " + path + ": " + FlowFiles.reason(e));
        }
        sluice.log().alert(single(flows, specs) ? "Saved single cut."
                : "Saved " + specs.size() + " cuts over " + flows.size() + " flows as CSV.");
    }

    private void clip(List<Flow> flows, List<String> specs) throws CommandException {
        String text;
        if (single(flows, specs)) {
            // one value goes to the clipboard as the text it is, when it is text
            byte[] raw = Cuts.extractBytes(specs.get(0), flows.get(0));
            String utf8 = StrictUtf8.decode(raw);
            text = utf8 != null ? utf8 : Cuts.extractText(specs.get(0), flows.get(0));
        } else {
            text = csv(flows, specs);
        }
        sluice.clipboard().copy(text);
        sluice.log().alert(single(flows, specs) ? "Clipped single cut." : "Clipped " + specs.size() + " cuts as CSV.");
    }

    /** One CSV row per flow, as Python's csv module writes it (fields quoted when needed, CRLF line ends). */
    static String csv(List<Flow> flows, List<String> specs) {
        StringBuilder sb = new StringBuilder();
        for (Flow f : flows) {
            List<String> fields = new ArrayList<>();
            for (String v : row(specs, f)) {
                boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
                fields.add(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
            }
            sb.append(String.join(",", fields)).append("\r\n");
        }
        return sb.toString();
    }
}
