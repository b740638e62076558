package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.ArgType;
import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.filter.FilterOption;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFileException;
import dev.sluice.io.FlowFiles;
import dev.sluice.io.FlowReader;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code -r} / {@code rfile}: at start-up, pushes each flow of the file that matches
 * {@code readfile_filter} through the addon hooks as if it had just happened, not live
 * (cli.md §4). Also {@code view.flows.load}, which only adds copies to the flow list.
 */
public final class ReadFile implements Addon {

    /** The file could not be read at all, or no flow of it could: start-up ends with status 1. */
    public static final class ReadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message) {
            super(message);
        }
    }

    private Sluice sluice;
    private Options options;
    private volatile Predicate<Flow> filter = f -> true;
    private volatile boolean finished;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
        options.register(OptionSpec.optionalStr("rfile", "Read flows from file."));
        options.register(OptionSpec.optionalStr("readfile_filter", "Read only matching flows."));
        sluice.commands().register(new Command("view.flows.load", List.of(Command.Param.of("path", ArgType.PATH)), null,
                "Load flows into the view, without running any addon.",
                args -> {
                    loadIntoView((String) args.get(0));
                    return null;
                }));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("readfile_filter")) {
            FlowFilter f = FilterOption.compile("readfile_filter", options.str("readfile_filter"));
            filter = f == null ? flow -> true : f::test;
        }
    }

    /** Whether {@code rfile} is set and not read to its end yet (sluicedump waits for it before exiting). */
    public boolean isReading() {
        String rfile = options.str("rfile");
        return rfile != null && !rfile.isEmpty() && !finished;
    }

    /**
     * Reads {@code rfile} (when set) through the hooks. A corrupt file from which some flows were
     * read logs the warning and its position; none readable, or an unreadable path, fails.
     */
    public void readConfiguredFile() throws ReadFailure {
        String rfile = options.str("rfile");
        if (rfile == null || rfile.isEmpty()) return;
        try {
            readThroughHooks(rfile);
        } finally {
            finished = true;
        }
    }

    private void readThroughHooks(String rfile) throws ReadFailure {
        String shown = rfile.equals("-") ? "<stdin>" : rfile;
        int n = 0;
        try (FlowReader reader = open(rfile)) {
            try {
                Flow f;
                while ((f = reader.next()) != null) {
                    n++;
                    if (filter.test(f)) {
                        FlowFileOption.keepBody(sluice, f);
                        replayHooks(f);
                    }
                }
            } finally {
                for (String w : reader.warnings()) sluice.log().warn(w);
            }
        } catch (FlowFileException e) {
            if (n == 0) throw new ReadFailure(e.getMessage());
            sluice.log().warn(e.summary());
            sluice.log().warn(e.detail());
        } catch (IOException e) {
            throw new ReadFailure("Cannot load flows: " + shown + ": " + FlowFiles.reason(e));
        }
    }

    private static FlowReader open(String rfile) throws IOException {
        if (rfile.equals("-")) return FlowFiles.open(nonClosing(System.in), "<stdin>");
        Path path = Paths.expand(rfile);
        if (Files.isDirectory(path)) throw new IOException("Is a directory");
        return FlowFiles.open(Files.newInputStream(path), rfile);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    /** Through every hook, as if the flow had just happened. */
    private void replayHooks(Flow f) {
        sluice.flows().add(f);
        sluice.addons().replay(f, () -> sluice.flows().update(f));
    }

    private void loadIntoView(String spec) throws CommandException {
        Path path = Paths.expand(spec);
        FlowFiles.Loaded loaded;
        try {
            if (Files.isDirectory(path)) throw new IOException("Is a directory");
            loaded = FlowFiles.readAll(path);
        } catch (FlowFileException e) {
            throw new CommandException(e.getMessage());
        } catch (IOException e) {
            throw new CommandException("Cannot load flows: " + spec + ": " + FlowFiles.reason(e));
        }
        for (Flow f : loaded.flows()) {
            FlowFileOption.keepBody(sluice, f);
            sluice.flows().add(f);
        }
        for (String w : loaded.warnings()) sluice.log().warn(w);
        if (loaded.failure() != null) {
            if (loaded.flows().isEmpty()) throw new CommandException(loaded.failure().getMessage());
            sluice.log().warn(loaded.failure().summary());
            sluice.log().warn(loaded.failure().detail());
        }
        sluice.log().alert("Loaded " + loaded.flows().size() + " flows.");
    }
}
