package dev.sluice.addons;

import dev.sluice.flow.Flow;

/** The conditions under which a rewriting hook may touch a flow (features.md, "guard"). */
final class Guards {
    private Guards() {
    }

    /** Request side: not answered yet, no error, and proxied right now (not read from a file). */
    static boolean requestOpen(Flow flow) {
        return flow.response() == null && responseOpen(flow);
    }

    /** Response side: no error (a killed flow has one) and live. */
    static boolean responseOpen(Flow flow) {
        return flow.error() == null && flow.isLive();
    }
}
