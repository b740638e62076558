package dev.sluice.tui.edit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The external editor and pager (console.md §10.1): {@code $SLUICE_EDITOR}, {@code $MITMPROXY_EDITOR},
 * {@code $EDITOR}, else the first of sensible-editor, nano, vim, vi on the PATH (notepad on
 * Windows); {@code $PAGER}, else less or more. The program gets the terminal (the console suspends its screen meanwhile)
 * and a temporary owner-only file that is deleted afterwards. The variable may hold arguments
 * ({@code code -w}), so it runs through {@code sh} with the file as a separate argument.
 */
public final class ExternalEditor {

    private static final List<String> EDITOR_VARIABLES = List.of("SLUICE_EDITOR", "MITMPROXY_EDITOR", "EDITOR");
    private static final List<String> EDITORS = List.of("sensible-editor", "nano", "vim", "vi");
    private static final List<String> PAGERS = List.of("less", "more");

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Map<String, String> env;

    public ExternalEditor(Map<String, String> env) {
        this.env = env;
    }

    /** The editor's command text, or null when there is none. */
    public String editorCommand() {
        return command(EDITOR_VARIABLES, EDITORS);
    }

    private String command(List<String> variables, List<String> fallbacks) {
        for (String v : variables) {
            String cmd = env.get(v);
            if (cmd != null && !cmd.isBlank()) return cmd;
        }
        if (WINDOWS) return fallbacks == EDITORS ? "notepad" : "more";
        String path = env.getOrDefault("PATH", "");
        for (String name : fallbacks) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return name;
            }
        }
        return null;
    }

    /** Writes the content to a temporary file, runs the editor on it, and returns what it left there. */
    public byte[] edit(byte[] content, String suffix) throws IOException {
        return run(editorCommand(), "No editor found: set $SLUICE_EDITOR or $EDITOR.", content, suffix);
    }

    /** Shows the content in the pager. */
    public void view(byte[] content, String suffix) throws IOException {
        run(command(List.of("PAGER"), PAGERS), "No pager found: set $PAGER.", content, suffix);
    }

    private byte[] run(String command, String missing, byte[] content, String suffix) throws IOException {
        if (command == null) throw new IOException(missing);
        Path file = Files.createTempFile("sluice-", suffix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(file, content);
            List<String> argv = WINDOWS ? List.of("cmd", "/c", command + " \"" + file + "\"")
                    : List.of("sh", "-c", command + " \"$1\"", "sluice-editor", file.toString());
            Process p = new ProcessBuilder(argv).inheritIO().start();
            int status = p.waitFor();
            if (status != 0) throw new IOException(command + " exited with status " + status + "; nothing changed.");
            return Files.readAllBytes(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
