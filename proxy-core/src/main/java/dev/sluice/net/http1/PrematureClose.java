package dev.sluice.net.http1;

/**
 * The input ended (channel inactive or input shut down) in the middle of a message: part of a
 * head, a body delimited by length or chunks that is not complete, or (response decoder) while a
 * response was still expected. The message must not be treated as complete: the flow gets the
 * error {@code Client disconnected.} or {@code Server disconnected.} and a streamed copy is
 * aborted, never ended cleanly. A close between messages emits nothing, and a close-delimited
 * body ({@link Framing.Kind#UNTIL_CLOSE}) ends with a normal {@link BodyEnd} instead.
 */
public record PrematureClose() {
    public static final PrematureClose INSTANCE = new PrematureClose();
}
