package dev.sluice.addon;

import dev.sluice.flow.Flow;
import java.util.function.BiConsumer;

/** The flow hooks in the order a flow passes them. */
public enum Hook {
    HTTP_CONNECT("httpConnect", Addon::httpConnect),
    REQUEST_HEADERS("requestHeaders", Addon::requestHeaders),
    REQUEST("request", Addon::request),
    RESPONSE_HEADERS("responseHeaders", Addon::responseHeaders),
    RESPONSE("response", Addon::response),
    ERROR("error", Addon::error),
    TCP_START("tcpStart", Addon::tcpStart),
    TCP_MESSAGE("tcpMessage", Addon::tcpMessage),
    TCP_END("tcpEnd", Addon::tcpEnd),
    TCP_ERROR("tcpError", Addon::tcpError);

    private final String methodName;
    private final BiConsumer<Addon, Flow> invoker;

    Hook(String methodName, BiConsumer<Addon, Flow> invoker) {
        this.methodName = methodName;
        this.invoker = invoker;
    }

    public String methodName() {
        return methodName;
    }

    void invoke(Addon addon, Flow flow) {
        invoker.accept(addon, flow);
    }
}
