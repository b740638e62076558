package dev.sluice.net.http1;

import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Headers;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test support: feeding raw bytes through a decoder and turning what comes out into strings. */
final class Wire {

    /** How a test input is delivered: in one buffer, or one byte per read. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    private Wire() {
    }

    /** Every table row paired with every way of feeding it. */
    static Stream<Arguments> withEveryFeed(List<?> rows) {
        List<Arguments> out = new ArrayList<>();
        for (Object r : rows) {
            for (Feed f : Feed.values()) out.add(Arguments.of(r, f));
        }
        return out.stream();
    }

    static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /**
     * An allocator that remembers every buffer it hands out, so a test can assert that each of
     * them was released (the decoders' cumulations and the encoder's head buffers included).
     */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        private static final ByteBufAllocator UNTRACED = new UnpooledByteBufAllocator(true, true);
        private final List<ByteBuf> allocated = new ArrayList<>();
        private final ByteBufAllocator delegate;

        /** Delegates to the pooled allocator (leak-aware under the paranoid detector). */
        TrackingAllocator() {
            this(true);
        }

        /**
         * @param leakAware false to skip Netty's leak tracing (for inputs fed byte by byte that are
         *                  too large to trace every access of at paranoid level); release is still
         *                  checked by {@link #assertAllReleased()}
         */
        TrackingAllocator(boolean leakAware) {
            super(true);
            this.delegate = leakAware ? PooledByteBufAllocator.DEFAULT : UNTRACED;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(delegate.heapBuffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(delegate.directBuffer(initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return true;
        }

        /** Adds a buffer made elsewhere to the release check. */
        void alsoCheck(ByteBuf buf) {
            allocated.add(buf);
        }

        private ByteBuf track(ByteBuf buf) {
            allocated.add(buf);
            return buf;
        }

        int count() {
            return allocated.size();
        }

        void assertAllReleased() {
            for (ByteBuf b : allocated) {
                assertThat(b.refCnt()).as("refCnt of a buffer allocated during the test").isZero();
            }
        }
    }

    static EmbeddedChannel channel(TrackingAllocator alloc, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(handlers);
        return ch;
    }

    /** Writes the input as inbound data the way the feed says. */
    static void feed(EmbeddedChannel ch, TrackingAllocator alloc, Feed feed, byte[] input) {
        if (input.length == 0) return;
        if (feed == Feed.WHOLE) {
            ch.writeInbound(alloc.buffer(input.length).writeBytes(input));
        } else if (input.length <= 4096) {
            for (byte b : input) ch.writeInbound(alloc.buffer(1).writeByte(b));
        } else {
            // large inputs: untracked wrappers keep paranoid leak tracing affordable; the
            // decoder's own cumulation buffers are still tracked
            for (int i = 0; i < input.length; i++) {
                ByteBuf b = Unpooled.wrappedBuffer(input, i, 1);
                alloc.alsoCheck(b);
                ch.writeInbound(b);
            }
        }
    }

    /**
     * Feeds {@code input} to a fresh channel holding {@code decoder}, optionally closes it, and
     * returns the normalised events. Asserts that every buffer allocated was released.
     */
    static <D extends ChannelHandler> List<String> decode(D decoder, Consumer<D> setup, Feed feed, byte[] input,
                                                          boolean close) {
        TrackingAllocator alloc = new TrackingAllocator(feed == Feed.WHOLE || input.length <= 4096);
        EmbeddedChannel ch = channel(alloc, decoder);
        if (setup != null) setup.accept(decoder);
        Events events = new Events();
        feed(ch, alloc, feed, input);
        events.drain(ch);
        if (close) {
            ch.finish();
            events.drain(ch);
        } else {
            ch.finishAndReleaseAll();
        }
        alloc.assertAllReleased();
        return events.list();
    }

    /** Collects decoder output as strings, merging consecutive body (or raw) pieces. */
    static final class Events {
        private final List<String> list = new ArrayList<>();
        private StringBuilder body;
        private String bodyKind;

        void drain(EmbeddedChannel ch) {
            Object m;
            while ((m = ch.readInbound()) != null) add(m);
        }

        void add(Object m) {
            if (m instanceof BodyChunk c) {
                assertThat(c.refCnt()).isPositive();
                assertThat(c.content().isReadable()).as("decoders never emit empty chunks").isTrue();
                append("body:", c.content());
                assertThat(c.release()).isIn(true, false);
                return;
            }
            if (m instanceof ByteBuf b) {
                assertThat(b.isReadable()).as("never an empty raw buffer").isTrue();
                append("raw:", b);
                b.release();
                return;
            }
            flushBody();
            list.add(describe(m));
        }

        private void append(String kind, ByteBuf b) {
            if (body != null && !kind.equals(bodyKind)) flushBody();
            if (body == null) {
                body = new StringBuilder();
                bodyKind = kind;
            }
            body.append(b.toString(ISO_8859_1));
        }

        private void flushBody() {
            if (body != null) {
                list.add(bodyKind + escape(body.toString()));
                body = null;
            }
        }

        List<String> list() {
            flushBody();
            return list;
        }
    }

    static String describe(Object m) {
        if (m instanceof RequestHead h) {
            return h.method() + " " + escape(h.target()) + " " + h.version() + " " + h.framing() + " " + fields(h.headers());
        }
        if (m instanceof ResponseHead h) {
            return h.version() + " " + h.status() + " " + escape(h.reason()) + " " + h.framing() + " " + fields(h.headers());
        }
        if (m instanceof BodyEnd e) {
            return e.trailers().isEmpty() ? "end" : "end " + fields(e.trailers());
        }
        if (m instanceof DecodeFailure f) return "fail " + f.status() + " " + f.reason();
        if (m instanceof PrematureClose) return "premature-close";
        if (m instanceof StrayBytes) return "stray";
        return "?" + m;
    }

    static String fields(Headers h) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < h.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(escape(h.field(i).name())).append(": ").append(escape(h.field(i).value()));
        }
        return sb.append('}').toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c == '\\') sb.append("\\\\");
            else if (c >= 0x20 && c < 0x7F) sb.append(c);
            else sb.append(String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    /**
     * Compares events with expectations: exact, except that an expected {@code fail <status>
     * [reason start]} matches by prefix.
     */
    static void assertEvents(List<String> actual, List<String> expected) {
        boolean ok = actual.size() == expected.size();
        for (int i = 0; ok && i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            ok = e.startsWith("fail ") ? a.startsWith(e) : a.equals(e);
        }
        if (!ok) {
            assertThat(String.join("\n", actual)).as("decoded events").isEqualTo(String.join("\n", expected));
        }
    }
}
