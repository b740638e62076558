package dev.sluice.tls;

/** The path rule of options-and-patterns.md §12 for the paths this package reads. */
final class UserPaths {
    private UserPaths() {
    }

    /** A leading {@code ~} or {@code ~/} becomes the home directory; {@code ~user} stays literal. */
    static String expand(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) return home;
        if (path.startsWith("~/")) return home + path.substring(1);
        return path;
    }
}
