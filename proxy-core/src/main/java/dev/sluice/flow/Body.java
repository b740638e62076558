package dev.sluice.flow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw (still content-encoded) bytes of a message body, in memory or in a temp file
 * ({@link FileBody}): callers that may see a large body use {@link #openStream()}, the others
 * ask for {@link #bytes()}.
 */
public abstract class Body {

    public static final Body EMPTY = new MemoryBody(new byte[0]);

    public static Body of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new MemoryBody(bytes);
    }

    public static Body of(String utf8) {
        return of(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Size in bytes. */
    public abstract long size();

    /** The whole body; a copy the caller may keep but must not rely on being shared. */
    public abstract byte[] bytes();

    public abstract InputStream openStream() throws IOException;

    /** Bytes held on the heap (for the flow store's memory bound). */
    public abstract long heapSize();

    /** Releases any resource (temp file) held by the body. */
    public void release() {
    }

    /** Whether the bytes are on the heap (else in a file, read through {@link #openStream()}). */
    public boolean inMemory() {
        return true;
    }

    /** The body for another message (a copy of this one): the same bytes, released on its own. */
    public Body share() {
        return this;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Bytes on the heap: a whole array of its own, or a range of one shared with others ({@link BodyPacker}). */
    static final class MemoryBody extends Body {
        private final byte[] array;
        private final int offset;
        private final int length;

        MemoryBody(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        MemoryBody(byte[] array, int offset, int length) {
            this.array = array;
            this.offset = offset;
            this.length = length;
        }

        boolean ownsArray() {
            return offset == 0 && length == array.length;
        }

        void copyTo(byte[] target, int at) {
            System.arraycopy(array, offset, target, at, length);
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public byte[] bytes() {
            return ownsArray() ? array : Arrays.copyOfRange(array, offset, offset + length);
        }

        @Override
        public InputStream openStream() {
            return new ByteArrayInputStream(array, offset, length);
        }

        @Override
        public long heapSize() {
            return length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemoryBody m && Arrays.equals(m.array, m.offset, m.offset + m.length, array, offset, offset + length);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = offset; i < offset + length; i++) h = 31 * h + array[i];
            return h;
        }
    }
}
