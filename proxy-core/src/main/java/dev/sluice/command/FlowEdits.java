package dev.sluice.command;

import dev.sluice.flow.Flow;
import dev.sluice.flow.Response;
import java.util.List;

/**
 * The one gate every edit of a flow passes (console.md §10.1): a flow the proxy is still handling
 * can be edited only while it is intercepted, every edit takes a backup first so
 * {@code flow.revert} restores the original, and editing a response part of a flow that has no
 * response creates an empty {@code 200 OK}. {@code flow.set}, {@code flow.decode},
 * {@code flow.encode} and the console's editors call it before they change anything.
 */
public final class FlowEdits {

    public static final String LIVE_NOT_INTERCEPTED = "Flow is live and not intercepted; intercept it or duplicate it (D) first.";

    /** Which side of the flow an edit changes. */
    public enum Part { REQUEST, RESPONSE }

    private FlowEdits() {
    }

    /** Whether the proxy is still handling the flow: edits would race with it unless it is paused for a person. */
    public static boolean inFlight(Flow flow) {
        return flow.isLive() && !flow.isResponseComplete() && flow.error() == null;
    }

    /** Refuses, before anything changes, when one of the flows may not be edited now. */
    public static void checkEditable(List<Flow> flows) throws CommandException {
        for (Flow f : flows) checkEditable(f);
    }

    public static void checkEditable(Flow flow) throws CommandException {
        if (inFlight(flow) && !flow.isIntercepted()) throw new CommandException(LIVE_NOT_INTERCEPTED);
    }

    /**
     * Prepares one flow for an edit of the given part: checks it may be edited, takes the backup,
     * and for the response part makes sure there is a response to edit.
     *
     * @return the message to edit ({@link dev.sluice.flow.Request} or {@link Response}); null for
     *         the request part of a flow without request (a TCP flow)
     */
    public static dev.sluice.flow.Message begin(Flow flow, Part part) throws CommandException {
        checkEditable(flow);
        flow.backup();
        if (part == Part.REQUEST) return flow.request();
        if (flow.response() == null) flow.setResponse(Response.make(200, new byte[0], null));
        return flow.response();
    }
}
