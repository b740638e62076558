package dev.sluice.addon;

import dev.sluice.Sluice;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionsException;
import java.util.Set;

/**
 * A feature. Every hook has a no-op default; an addon implements the ones it needs. Hooks run on
 * the flow's event loop: they must not block. Work that would block goes to an executor, with
 * the flow {@linkplain Flow#pause() paused} and {@linkplain Flow#resume() resumed} when done.
 *
 * <p>In the request hooks an addon may answer the flow ({@link Flow#setResponse}), kill it
 * ({@link Flow#kill()}), pause it, or mark its body as streamed.
 */
public interface Addon {

    /** Name used in logs ({@code Addon error: <name>.<hook>: ...}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called once when the addon joins: register options and commands here. */
    default void load(Sluice sluice) {
    }

    /** Called with the names of changed options; throw to refuse the change (it rolls back). */
    default void configure(Set<String> changed) throws OptionsException {
    }

    /** The proxy is up and running. */
    default void running() {
    }

    /** Sluice is shutting down. */
    default void done() {
    }

    /** A client connected, before any byte is read; {@link ClientConn#refuse} closes it. */
    default void clientConnected(ClientConn client) {
    }

    default void clientDisconnected(ClientConn client) {
    }

    /** A CONNECT request; setting a response answers it (e.g. 407). */
    default void httpConnect(Flow flow) {
    }

    /** Request head received; the body has not been read yet. */
    default void requestHeaders(Flow flow) {
    }

    /** Request complete (body gathered, unless streamed). */
    default void request(Flow flow) {
    }

    /** Response head received. */
    default void responseHeaders(Flow flow) {
    }

    /** Response complete (body gathered, unless streamed). */
    default void response(Flow flow) {
    }

    /** The flow failed (its error is set). */
    default void error(Flow flow) {
    }

    /** A raw TCP flow began: a relayed tunnel recorded as a {@code tcp} flow (tls.md §7). */
    default void tcpStart(Flow flow) {
    }

    /** A TCP flow's newest message (the last of {@link Flow#messages()}) has passed. */
    default void tcpMessage(Flow flow) {
    }

    /** A TCP flow ended: both sides closed. */
    default void tcpEnd(Flow flow) {
    }

    /** A TCP flow ended with an error (its error is set). */
    default void tcpError(Flow flow) {
    }
}
