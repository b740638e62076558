package dev.sluice.log;

/** Event log levels, most severe first; {@code alert} ranks with {@code info}. */
public enum Level {
    ERROR(0), WARN(1), INFO(2), ALERT(2), DEBUG(3);

    private final int rank;

    Level(int rank) {
        this.rank = rank;
    }

    /** Whether a message at this level shows under the given verbosity. */
    public boolean shownAt(Level verbosity) {
        return rank <= verbosity.rank;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
