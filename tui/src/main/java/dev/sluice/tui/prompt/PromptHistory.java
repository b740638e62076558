package dev.sluice.tui.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Where the prompt history lives: {@code CONFDIR/command_history}, readable by its owner only
 * (command lines can hold credentials, e.g. {@code set upstream_auth=...}).
 */
public final class PromptHistory {
    private PromptHistory() {
    }

    /** Entries kept; the file is trimmed back to this when it reaches {@link #FILE_LIMIT}. */
    public static final int KEEP = 512;
    public static final int FILE_LIMIT = 1024;

    public static Path file(Path confdir) {
        return confdir.resolve("command_history");
    }

    /** Creates the file (and the confdir) if needed and makes it owner-only. */
    public static void secure(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) Files.createFile(file);
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        } catch (IOException | UnsupportedOperationException e) {
            // history is a convenience: without a writable confdir the prompt still works
        }
    }
}
