package dev.sluice.flow;

/** Why a flow failed; {@link #KILLED} is the message of a killed flow. */
public record FlowError(String msg, double timestamp) {
    public static final String KILLED = "Connection killed.";
    public static final String CLIENT_DISCONNECTED = "Client disconnected.";
    public static final String SERVER_DISCONNECTED = "Server disconnected.";

    public static FlowError now(String msg) {
        return new FlowError(msg, Flow.now());
    }

    public boolean isKilled() {
        return KILLED.equals(msg);
    }
}
