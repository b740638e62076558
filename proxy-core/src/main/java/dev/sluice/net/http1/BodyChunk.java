package dev.sluice.net.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a message body (chunk framing already removed). The receiver owns it and must
 * release it exactly once (or pass it on, which hands the ownership over). Decoders emit
 * zero-copy retained slices of their input, never empty ones.
 */
public final class BodyChunk extends DefaultByteBufHolder {

    public BodyChunk(ByteBuf content) {
        super(content);
    }

    @Override
    public BodyChunk copy() {
        return replace(content().copy());
    }

    @Override
    public BodyChunk duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public BodyChunk retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public BodyChunk replace(ByteBuf content) {
        return new BodyChunk(content);
    }

    @Override
    public BodyChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public BodyChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public BodyChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public BodyChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }
}
