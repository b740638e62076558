package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.flow.Flow;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a hook's blocking part (file reads, rewriting large or compressed bodies) on the worker
 * pool: the flow is paused, so its chain waits, and resumed when the work is done, whatever
 * happened. The event loop never waits.
 */
final class OffLoop {
    private OffLoop() {
    }

    /** @param where {@code <addon>.<hook>}, naming a failure as the chain names hook failures */
    static void run(Sluice sluice, Flow flow, String where, Runnable work) {
        flow.pause();
        try {
            sluice.workers().execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    sluice.log().warn("Addon error: " + where + ": " + e);
                } finally {
                    flow.resume();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            flow.resume();
        }
    }
}
