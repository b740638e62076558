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
import dev.sluice.io.FlowWriter;
import dev.sluice.io.StrftimePath;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import dev.sluice.view.FlowStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code -w} / {@code save_stream_file}: writes each finished flow that matches
 * {@code save_stream_filter}, at the end of {@code response} or at {@code error}, on a writer
 * thread of its own (the proxy never waits for the disk), each flow in one write, flushed.
 * Flows that never finished are written at shutdown. Also the {@code save.file} command.
 */
public final class SaveFlows implements Addon {

    static final int BACKLOG_WARNING = 10_000;

    /** The configured file: a path template (strftime fields) and whether to append. */
    record Target(String template, boolean append) {
        static Target parse(String value) throws OptionsException {
            if (value == null || value.isEmpty()) return null;
            boolean append = value.startsWith("+");
            String template = append ? value.substring(1) : value;
            if (template.toLowerCase(java.util.Locale.ROOT).endsWith(".zhar")) {
                throw OptionsException.invalid("save_stream_file", "cannot stream to a .zhar file; use .har");
            }
            return new Target(template, append);
        }

        Path pathAt(ZonedDateTime time) {
            return Paths.expand(StrftimePath.expand(template, time));
        }
    }

    private Sluice sluice;
    private Options options;
    private volatile Predicate<Flow> filter = f -> true;
    private volatile Target target;
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor(Sluice.daemonThreads("sluice-flow-writer"));
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean backlogWarned = new AtomicBoolean();
    private final Set<Flow> unfinished = ConcurrentHashMap.newKeySet();
    // owned by the writer thread
    private Target openTarget;
    private Path openPath;
    private FlowWriter writer;
    private boolean failed;

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        this.options = sluice.options();
        options.register(OptionSpec.optionalStr("save_stream_file",
                "Stream flows to file as they arrive. Prefix path with + to append. The full path can use python strftime() formating, missing directories are created as needed. A new file is opened every time the formatted string changes."));
        options.register(OptionSpec.optionalStr("save_stream_filter", "Filter which flows are written to file."));
        sluice.flows().addListener(new FlowStore.Listener() {
            @Override
            public void added(Flow flow) {
                // pinned from the start: a flow that ends in an error is in the store before the error hook writes it
                if (flow.isLive() && target != null && unfinished.add(flow)) sluice.flows().pin(flow);
            }
        });
        sluice.commands().register(new Command("save.file",
                List.of(Command.Param.of("flows", ArgType.FLOWS), Command.Param.of("path", ArgType.PATH)), null,
                "Save flows to a file (+path appends); the format follows the file name: .mitm, .har, else native.",
                args -> {
                    @SuppressWarnings("unchecked")
                    List<Flow> flows = (List<Flow>) args.get(0);
                    saveFile(flows, (String) args.get(1));
                    return null;
                }));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("save_stream_filter")) {
            FlowFilter f = FilterOption.compile("save_stream_filter", options.str("save_stream_filter"));
            filter = f == null ? flow -> true : f::test;
        }
        if (changed.contains("save_stream_file")) {
            Target next = Target.parse(options.str("save_stream_file"));
            try {
                writerThread.submit(() -> {
                    switchTo(next);
                    return null;
                }).get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String reason = cause instanceof IOException io ? FlowFiles.reason(io) : String.valueOf(cause);
                throw OptionsException.invalid("save_stream_file", "cannot open " + next.pathAt(ZonedDateTime.now()) + ": " + reason);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OptionsException.invalid("save_stream_file", "interrupted");
            }
            target = next;
        }
    }

    /** Writer thread: opens the new target before closing the old one, so a failure keeps the old file. */
    private Void switchTo(Target next) throws IOException {
        if (java.util.Objects.equals(next, openTarget)) return null;
        FlowWriter opened = null;
        Path path = null;
        if (next != null) {
            path = next.pathAt(ZonedDateTime.now());
            opened = FlowFiles.openWriter(path, next.append());
        }
        closeWriter();
        openTarget = next;
        openPath = path;
        writer = opened;
        failed = false;
        return null;
    }

    private void closeWriter() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            sluice.log().warn("Error while closing " + openPath + ": " + FlowFiles.reason(e));
        }
        writer = null;
    }

    @Override
    public void response(Flow flow) {
        finished(flow);
    }

    @Override
    public void error(Flow flow) {
        finished(flow);
    }

    @Override
    public void tcpEnd(Flow flow) {
        finished(flow);
    }

    @Override
    public void tcpError(Flow flow) {
        finished(flow);
    }

    private void finished(Flow flow) {
        if (target != null && filter.test(flow)) enqueue(flow);
        if (unfinished.remove(flow)) sluice.flows().unpin(flow);
    }

    /** The flow stays pinned in the store until written: the store's bound never drops a flow the file still lacks. */
    private void enqueue(Flow flow) {
        Flow snapshot = flow.snapshot();
        sluice.flows().pin(flow);
        if (backlog.incrementAndGet() > BACKLOG_WARNING && backlogWarned.compareAndSet(false, true)) {
            sluice.log().warn("The flow file writer is more than " + BACKLOG_WARNING + " flows behind.");
        }
        writerThread.execute(() -> {
            try {
                write(snapshot);
            } finally {
                backlog.decrementAndGet();
                sluice.flows().unpin(flow);
            }
        });
    }

    /** Writer thread: rotates the file when the expanded name changed, then writes one flow. */
    private void write(Flow flow) {
        if (writer == null && openTarget == null || failed) return;
        Path path = openTarget.pathAt(ZonedDateTime.now());
        try {
            if (!path.equals(openPath)) {
                closeWriter();
                openPath = path;
                writer = FlowFiles.openWriter(path, openTarget.append());
            }
            writer.write(flow);
        } catch (IOException | RuntimeException e) {
            failed = true;
            String reason = e instanceof IOException io ? FlowFiles.reason(io) : e.toString();
            sluice.log().error("Error while writing to " + path + ": " + reason);
            sluice.requestExit(1);
        }
    }

    /** Writes what is queued, the flows that never finished (as they are), and closes the file. */
    @Override
    public void done() {
        if (target != null) {
            for (Flow f : unfinished) {
                if (f.response() == null || !f.isResponseComplete()) {
                    if (filter.test(f)) enqueue(f);
                }
            }
        }
        unfinished.clear();
        writerThread.execute(this::closeWriter);
        writerThread.shutdown();
        try {
            if (!writerThread.awaitTermination(30, TimeUnit.SECONDS)) sluice.log().warn("The flow file writer did not finish within 30 s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void saveFile(List<Flow> flows, String spec) throws CommandException {
        boolean append = spec.startsWith("+");
        Path path = Paths.expand(append ? spec.substring(1) : spec);
        if (java.nio.file.Files.isDirectory(path)) throw new CommandException("Cannot write to " + path + ": Is a directory");
        List<Flow> snapshots = flows.stream().map(Flow::snapshot).toList();
        try {
            int n = FlowFiles.save(path, append, snapshots);
            sluice.log().alert("Saved " + n + " flows.");
        } catch (IOException e) {
            throw new CommandException("Cannot write to " + path + ": " + FlowFiles.reason(e));
        }
    }
}
