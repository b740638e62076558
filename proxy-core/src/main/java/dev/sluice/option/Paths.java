package dev.sluice.option;

import java.nio.file.Path;

/**
 * Paths in option values (options-and-patterns.md §12): a leading {@code ~} or {@code ~/} is the
 * home directory; {@code ~user} stays literal; relative paths resolve against the working directory.
 */
public final class Paths {
    private Paths() {
    }

    public static Path expand(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) return Path.of(home);
        if (path.startsWith("~/")) return Path.of(home, path.substring(2));
        return Path.of(path);
    }
}
