package dev.sluice.export;

import dev.sluice.command.CommandException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system clipboard (console.md §11), shared by {@code export.clip} and {@code cut.clip}: the
 * first available of {@code wl-copy}, {@code xclip -selection clipboard}, {@code xsel --clipboard},
 * {@code pbcopy}, {@code clip.exe} gets the text on its standard input; without one, the
 * front-end's fallback (the console writes an OSC 52 sequence to its terminal); else
 * {@code No clipboard available.} The tools run on a worker thread, never on an event loop.
 */
public final class Clipboard {

    /** Where text goes when no clipboard tool is available (the console's OSC 52 writer). */
    @FunctionalInterface
    public interface Sink {
        void copy(String text) throws IOException;
    }

    /** A clipboard program, usable when it is on the PATH and the display it needs is named in the environment. */
    public record Tool(List<String> command, String requiredEnv) {
        public Tool {
            command = List.copyOf(command);
        }
    }

    public static final List<Tool> TOOLS = List.of(
            new Tool(List.of("wl-copy"), "WAYLAND_DISPLAY"),
            new Tool(List.of("xclip", "-selection", "clipboard"), "DISPLAY"),
            new Tool(List.of("xsel", "--clipboard"), "DISPLAY"),
            new Tool(List.of("pbcopy"), null),
            new Tool(List.of("clip.exe"), null));

    public static final String NONE = "No clipboard available.";
    private static final long TIMEOUT_SECONDS = 5;

    private final ExecutorService workers;
    private final List<Tool> tools;
    private final Map<String, String> environment;
    private volatile Sink fallback;

    public Clipboard(ExecutorService workers) {
        this(workers, TOOLS, System.getenv());
    }

    /** With other tools or another environment (tests put their own program on the PATH). */
    public Clipboard(ExecutorService workers, List<Tool> tools, Map<String, String> environment) {
        this.workers = workers;
        this.tools = List.copyOf(tools);
        this.environment = Map.copyOf(environment);
    }

    /** Sets (or with null removes) the sink used when no clipboard program is available. */
    public void setFallback(Sink sink) {
        this.fallback = sink;
    }

    /** The tools usable here, in order of preference, each with its program resolved to a file on the PATH. */
    public List<Tool> available() {
        List<Tool> out = new ArrayList<>();
        for (Tool t : tools) {
            String env = t.requiredEnv();
            if (env != null && (environment.get(env) == null || environment.get(env).isEmpty())) continue;
            Path program = onPath(t.command().get(0));
            if (program == null) continue;
            List<String> command = new ArrayList<>(t.command());
            command.set(0, program.toString());
            out.add(new Tool(command, env));
        }
        return out;
    }

    /**
     * Puts the text on the clipboard: the first available tool that succeeds, else the fallback.
     *
     * @return what took the text: the tool's program name, or {@code terminal} for the fallback
     * @throws CommandException {@code No clipboard available.}, or why every way failed
     */
    public String copy(String text) throws CommandException {
        List<String> failures = new ArrayList<>();
        for (Tool t : available()) {
            String failure = run(t, text);
            String name = Path.of(t.command().get(0)).getFileName().toString();
            if (failure == null) return name;
            failures.add(name + ": " + failure);
        }
        Sink sink = fallback;
        if (sink != null) {
            try {
                sink.copy(text);
                return "terminal";
            } catch (IOException e) {
                failures.add("terminal: " + e.getMessage());
            }
        }
        if (failures.isEmpty()) throw new CommandException(NONE);
        throw new CommandException("Cannot copy to the clipboard: " + String.join("; ", failures));
    }

    /** Runs the tool on a worker thread with the text on its standard input; null on success, else why not. */
    private String run(Tool tool, String text) {
        Future<String> done = workers.submit(() -> {
            ProcessBuilder pb = new ProcessBuilder(tool.command())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD); // xclip and wl-copy leave a child holding them open
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no exit within " + TIMEOUT_SECONDS + " s";
            }
            return p.exitValue() == 0 ? null : "exit status " + p.exitValue();
        });
        try {
            return done.get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (TimeoutException e) {
            done.cancel(true);
            return "no exit within " + TIMEOUT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Path onPath(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
