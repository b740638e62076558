package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.io.HarWriter;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HAR export: {@code --set hardump=path} writes every HTTP flow seen since start that matches
 * {@code save_stream_filter} when Sluice exits ({@code -} = stdout, {@code .zhar} compressed);
 * the {@code save.har} command writes chosen flows at once (flowfiles.md §5.1).
 */
public final class HarDump implements Addon {

    private Sluice sluice;
    private Options options;
    private volatile Predicate<Flow> filter = f -> true;
    private final List<Flow> seen = new ArrayList<>(); // guarded by itself

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
        options.register(OptionSpec.str("hardump", "", "Save a HAR file with all flows on exit. You may select particular flows by setting save_stream_filter. For mitmdump, enabling this option will mean that flows are kept in memory."));
        sluice.commands().register(new Command("save.har",
                List.of(Command.Param.of("flows", ArgType.FLOWS), Command.Param.of("path", ArgType.PATH)), null,
                "Export flows to a HAR (HTTP Archive) file; a .zhar name compresses it.",
                args -> {
                    @SuppressWarnings("unchecked")
                    List<Flow> flows = (List<Flow>) args.get(0);
                    saveHar(flows, (String) args.get(1));
                    return null;
                }));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("save_stream_filter") && options.has("save_stream_filter")) {
            FlowFilter f = FilterOption.compile("save_stream_filter", options.str("save_stream_filter"));
            filter = f == null ? flow -> true : f::test;
        }
    }

    @Override
    public void response(Flow flow) {
        remember(flow);
    }

    @Override
    public void error(Flow flow) {
        remember(flow);
    }

    private void remember(Flow flow) {
        if (options.str("hardump").isEmpty() || flow.type() != Flow.Type.HTTP || !filter.test(flow)) return;
        Flow snapshot = flow.snapshot();
        synchronized (seen) {
            seen.add(snapshot);
        }
    }

    @Override
    public void done() {
        String target = options.str("hardump");
        if (target.isEmpty()) return;
        List<Flow> flows;
        synchronized (seen) {
            flows = List.copyOf(seen);
        }
        try {
            if (target.equals("-")) {
                System.out.write(HarWriter.document(flows));
                System.out.println();
                System.out.flush();
            } else {
                HarWriter.writeDocument(Paths.expand(target), flows);
            }
            sluice.log().alert("HAR dump finished (wrote " + flows.size() + " flows to " + target + ").");
        } catch (IOException e) {
            sluice.log().error("Error while writing to " + target + ": " + FlowFiles.reason(e));
        }
    }

    private void saveHar(List<Flow> flows, String spec) throws CommandException {
        Path path = Paths.expand(spec);
        if (Files.isDirectory(path)) throw new CommandException("Cannot write to " + path + ": Is a directory");
        List<Flow> http = flows.stream().filter(f -> f.type() == Flow.Type.HTTP && f.request() != null).map(Flow::snapshot).toList();
        try {
            HarWriter.writeDocument(path, http);
            sluice.log().alert("Saved " + http.size() + " flows.");
        } catch (IOException e) {
            throw new CommandException("Cannot write to " + path + ": " + FlowFiles.reason(e));
        }
    }
}
