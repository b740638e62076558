package dev.sluice.io;

import java.io.IOException;

/**
 * A flow file that cannot be read to its end. {@link #summary()} is the first line the user
 * sees (for damage: {@code Flow file corrupted - loaded <n> flows.} or
 * {@code Flow file corrupted.}); {@link #detail()} is the second,
 * {@code <path>: <position>: <reason>}. Flows read before the damage stay usable.
 */
public final class FlowFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String summary;
    private final String path;
    private final String position;
    private final String reason;
    private final int flowsRead;

    /**
     * @param summary the first line, or null for the corrupt-file message that depends on {@code flowsRead}
     */
    public FlowFileException(String summary, String path, String position, String reason, int flowsRead) {
        super(null, null);
        this.summary = summary;
        this.path = path;
        this.position = position;
        this.reason = reason;
        this.flowsRead = flowsRead;
    }

    /** Damage at a position: the corrupt-file summary. */
    static FlowFileException corrupt(String path, String position, String reason, int flowsRead) {
        return new FlowFileException(null, path, position, reason, flowsRead);
    }

    public String summary() {
        if (summary != null) return summary;
        return flowsRead > 0 ? "Flow file corrupted - loaded " + flowsRead + " flows." : "Flow file corrupted.";
    }

    /**
     * {@code <path>: <position>: <reason>}, or {@code <path>: <reason>} when there is no
     * position; null when the summary says it all (an unknown format).
     */
    public String detail() {
        if (reason == null) return null;
        return path + ": " + (position == null ? "" : position + ": ") + reason;
    }

    public String path() {
        return path;
    }

    public String position() {
        return position;
    }

    public String reason() {
        return reason;
    }

    /** How many flows were read before the failure. */
    public int flowsRead() {
        return flowsRead;
    }

    /** The same failure for a reader that had read a different number of flows (the counting caller knows). */
    FlowFileException withFlowsRead(int n) {
        return new FlowFileException(summary, path, position, reason, n);
    }

    @Override
    public String getMessage() {
        String d = detail();
        return d == null ? summary() : summary() + "\n" + d;
    }
}
