package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A list option of flow files (client_replay, server_replay) and the commands that read one file
 * (replay.*.file). A damaged file that still gave flows loads them with the corrupt-file
 * warning; a file that gives none is refused with the reason.
 */
final class FlowFileOption {

    private final Sluice sluice;
    private final String option;
    private boolean refused; // only touched by configure, which Options runs one transaction at a time

    FlowFileOption(Sluice sluice, String option) {
        this.sluice = sluice;
        this.option = option;
    }

    /** A file that gave no flow: {@link #reason()} says why. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Unreadable(String path, String reason) {
            super("Cannot read " + path + ": " + reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /**
     * The flows of every file the option lists, in order, when the option is among the changed
     * ones; null when it is not, or when this is the roll-back of a change whose files were just
     * refused (what was loaded before stays, rather than being read again).
     *
     * @throws OptionsException {@code Invalid value for <option>: cannot read <path>: <reason>}
     */
    List<Flow> loadIfChanged(Set<String> changed) throws OptionsException {
        if (!changed.contains(option)) return null;
        if (refused) {
            refused = false;
            return null;
        }
        List<Flow> loaded = new ArrayList<>();
        for (String path : sluice.options().list(option)) {
            try {
                loaded.addAll(read(sluice, path));
            } catch (Unreadable e) {
                refused = true;
                throw OptionsException.invalid(option, "cannot read " + path + ": " + e.reason());
            }
        }
        return loaded;
    }

    /** One file for a command; a file that gives no flow is a command error. */
    static List<Flow> readForCommand(Sluice sluice, String spec) throws CommandException {
        try {
            return read(sluice, spec);
        } catch (Unreadable e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** A flow read from a file: bodies over body_spill_threshold go to disk, as received ones do (features.md §14). */
    static void keepBody(Sluice sluice, Flow f) {
        String failure = sluice.bodies().keep(f);
        if (failure != null) sluice.log().warn(failure);
    }

    static List<Flow> read(Sluice sluice, String spec) throws Unreadable {
        Path path = Paths.expand(spec);
        FlowFiles.Loaded loaded;
        try {
            if (Files.isDirectory(path)) throw new IOException("Is a directory");
            loaded = FlowFiles.readAll(path);
        } catch (IOException e) {
            throw new Unreadable(spec, FlowFiles.reason(e));
        }
        for (String w : loaded.warnings()) sluice.log().warn(w);
        for (Flow f : loaded.flows()) keepBody(sluice, f);
        if (loaded.failure() != null) {
            if (loaded.flows().isEmpty()) {
                String detail = loaded.failure().detail();
                throw new Unreadable(spec, loaded.failure().summary() + (detail == null ? "" : " (" + detail + ")"));
            }
            sluice.log().warn(loaded.failure().summary());
            sluice.log().warn(loaded.failure().detail());
        }
        return loaded.flows();
    }
}
