package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the flow files named by an option or a command (client_replay, server_replay,
 * replay.*.file). A damaged file that still gave flows loads them with the corrupt-file
 * warning; a file that gives none is refused with the reason.
 */
final class FlowFileOption {
    private FlowFileOption() {
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
