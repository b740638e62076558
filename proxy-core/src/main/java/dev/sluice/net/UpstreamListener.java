package dev.sluice.net;

import dev.sluice.flow.Headers;
import dev.sluice.net.http1.ResponseHead;
import io.netty.buffer.ByteBuf;

/** What an upstream exchange reports back to the client side; called on the shared event loop. */
interface UpstreamListener {
    /** A 1xx interim response (not 101): relayed, not recorded. */
    void onInterim(ResponseHead head);

    void onHead(ResponseHead head);

    /** A body chunk; the listener owns it and must release it. */
    void onChunk(ByteBuf chunk);

    void onEnd(Headers trailers);

    /** The exchange failed: {@code status} is 502 or 504, {@code message} the reason shown and recorded. */
    void onFailure(int status, String message);

    /** The server connection became writable or not (a streamed request body waits for it). */
    default void onWritabilityChanged() {
    }

    /** The server's read batch is done: what its chunks wrote towards the client is flushed now, once. */
    default void onReadComplete() {
    }
}
