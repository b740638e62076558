package dev.sluice.net.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Headers;
import dev.sluice.net.http1.Wire.Feed;
import dev.sluice.net.http1.Wire.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Http1EncoderTest {

    // ---- round trips: decode, encode, compare bytes ------------------------------------------------

    record Trip(String name, boolean response, String methods, String input, boolean close, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Trip> exactTrips() {
        String big = "x".repeat(100_000);
        return Stream.of(
                req("GET", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"),
                req("absolute-form, repeated fields in their case",
                        "GET http://example.com/a?b HTTP/1.1\r\nhost: example.com\r\nUser-Agent: x\r\nX-A: 1\r\nx-a: 2\r\n"
                                + "Cookie: a=1\r\ncookie: b=2\r\n\r\n"),
                req("POST with Content-Length", "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"),
                req("POST chunked with trailers",
                        "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n"
                                + "0\r\nX-Sum: 1\r\nx-other: 2\r\n\r\n"),
                req("chunked, gzip coding kept", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + "3\r\n\u001f\u008b\u0000\r\n0\r\n\r\n"),
                req("HTTP/1.0", "GET / HTTP/1.0\r\n\r\n"),
                req("obs-text and empty values", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\nX: caf\u00e9\r\nX-Empty: \r\n\r\n"),
                req("CONNECT and tunnel bytes", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\u0016\u0003\u0001abc\u0000\r\n"),
                req("pipelined", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok"
                        + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"),
                req("large Content-Length body", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" + big),
                req("large chunk", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n186a0\r\n" + big
                        + "\r\n0\r\n\r\n"),
                resp("200 with Content-Length", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", false),
                resp("interim responses", "POST", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", false),
                resp("204", "DELETE", "HTTP/1.1 204 No Content\r\nDate: today\r\n\r\n", false),
                resp("HEAD response keeps its Content-Length", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false),
                resp("304", "GET", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", false),
                resp("chunked with trailers", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\nServer-Timing: x;dur=1\r\n\r\n", false),
                resp("close-delimited", "GET", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", true),
                resp("empty reason", "GET", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", false),
                resp("101 and frames", "GET", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0000", false),
                resp("pipelined", "GET,HEAD,GET", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", false),
                // not byte-identical inputs: canonical output
                new Trip("bare LF heads are written with CRLF", false, null, "GET / HTTP/1.1\nHost: a\nX: 1\n\n", false,
                        "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n"),
                new Trip("optional whitespace around values is normalised", false, null,
                        "GET / HTTP/1.1\r\nHost:a\r\nX:   1  \r\n\r\n", false, "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n"),
                new Trip("chunk extensions are not forwarded", false, null,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0;c\r\n\r\n", false,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                new Trip("leading empty lines are dropped", false, null, "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", false,
                        "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                new Trip("missing reason gets its separator", true, "GET", "HTTP/1.1 204\r\n\r\n", false,
                        "HTTP/1.1 204 \r\n\r\n"));
    }

    private static Trip req(String name, String input) {
        return new Trip(name, false, null, input, false, input);
    }

    private static Trip resp(String name, String methods, String input, boolean close) {
        return new Trip(name, true, methods, input, close, input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactTrips")
    void roundTrip(Trip trip) {
        TrackingAllocator alloc = new TrackingAllocator();
        List<Object> messages = decodeObjects(alloc, trip.response() ? responseDecoder(trip.methods()) : new Http1RequestDecoder(),
                Feed.WHOLE, Wire.bytes(trip.input()), trip.close());
        assertThat(encode(alloc, messages, true)).isEqualTo(trip.output());
        alloc.assertAllReleased();
    }

    private static Http1ResponseDecoder responseDecoder(String methods) {
        Http1ResponseDecoder d = new Http1ResponseDecoder();
        for (String m : methods.split(",")) d.expect(m);
        return d;
    }

    // ---- property: decode, encode, decode again gives the same messages (every valid row) -------------

    record Reencode(String name, boolean response, List<String> methods, String input, boolean close) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> validRows() {
        List<Reencode> rows = new ArrayList<>();
        for (Http1CatalogueTest.Row r : Http1CatalogueTest.ROWS) {
            String req = "POST / " + r.version() + "\r\n" + r.fields() + "Host: example.com\r\n\r\n" + r.body();
            rows.add(new Reencode("request " + r, false, List.of(), req, true));
            rows.add(new Reencode("response " + r, true, List.of("GET"), r.version() + " 200 OK\r\n" + r.fields() + "\r\n"
                    + r.body(), true));
        }
        for (Http1RequestDecoderTest.Row r : Http1RequestDecoderTest.ROWS) {
            if (!r.asterisk()) rows.add(new Reencode("request " + r, false, List.of(), r.input(), r.close()));
        }
        for (Http1ResponseDecoderTest.Row r : Http1ResponseDecoderTest.ROWS) {
            rows.add(new Reencode("response " + r, true, r.methods(), r.input(), r.close()));
        }
        List<Arguments> out = new ArrayList<>();
        for (Reencode r : rows) {
            List<String> events = decodeEvents(r, Feed.WHOLE, Wire.bytes(r.input()));
            boolean valid = events.stream().noneMatch(e -> e.startsWith("fail ") || e.equals("premature-close")
                    || e.equals("stray"));
            if (!valid) continue;
            for (Feed f : Feed.values()) out.add(Arguments.of(r, f));
        }
        return out.stream();
    }

    private static List<String> decodeEvents(Reencode r, Feed feed, byte[] input) {
        ChannelHandler decoder = r.response() ? new Http1ResponseDecoder() : new Http1RequestDecoder();
        return Wire.decode(decoder, d -> {
            if (d instanceof Http1ResponseDecoder rd) r.methods().forEach(rd::expect);
        }, feed, input, r.close());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("validRows")
    void reencodedMessagesDecodeTheSame(Reencode row, Feed feed) {
        TrackingAllocator alloc = new TrackingAllocator(feed == Feed.WHOLE || row.input().length() <= 4096);
        ChannelHandler decoder = row.response() ? new Http1ResponseDecoder() : new Http1RequestDecoder();
        if (decoder instanceof Http1ResponseDecoder rd) row.methods().forEach(rd::expect);
        List<Object> messages = decodeObjects(alloc, decoder, feed, Wire.bytes(row.input()), row.close());
        String encoded = encode(alloc, messages, feed == Feed.WHOLE);
        alloc.assertAllReleased();
        assertThat(decodeEvents(row, Feed.WHOLE, Wire.bytes(encoded)))
                .isEqualTo(decodeEvents(row, Feed.WHOLE, Wire.bytes(row.input())));
    }

    // ---- encoder behaviour ----------------------------------------------------------------------------

    private static ByteBuf buf(TrackingAllocator alloc, String s) {
        return alloc.buffer().writeBytes(Wire.bytes(s));
    }

    private static RequestHead post(Framing framing, String... fields) {
        return new RequestHead("POST", "/u", "HTTP/1.1", Headers.of(fields), framing);
    }

    @Test
    void chunkedFramingSkipsEmptyChunksAndWritesTrailers() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ch.write(post(Framing.CHUNKED, "Host", "a", "Transfer-Encoding", "chunked"));
        ch.write(new BodyChunk(buf(alloc, "hello")));
        ch.write(new BodyChunk(alloc.buffer()));
        ch.write(new BodyChunk(buf(alloc, "y".repeat(2000))));
        ch.write(new BodyChunk(buf(alloc, "!")));
        ch.write(new BodyEnd(Headers.of("X-Sum", "9", "x-more", "a b")));
        ch.flush();
        assertThat(outbound(ch)).isEqualTo("POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7d0\r\n" + "y".repeat(2000) + "\r\n1\r\n!\r\n0\r\nX-Sum: 9\r\nx-more: a b\r\n\r\n");
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void largeBodiesAreNotCopiedAndSmallPiecesAreMerged() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ByteBuf large = buf(alloc, "z".repeat(5000));
        ch.write(new ResponseHead("HTTP/1.1", 200, "OK", Headers.of("Content-Length", "5010"), Framing.ofLength(5010)));
        ch.write(new BodyChunk(buf(alloc, "0123456789")));
        ch.write(new BodyChunk(large));
        ch.write(BodyEnd.empty());
        ch.flush();
        ByteBuf first = ch.readOutbound();
        assertThat(first.toString(ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5010\r\n\r\n0123456789");
        first.release();
        ByteBuf second = ch.readOutbound();
        assertThat(second).as("large body passed on without a copy").isSameAs(large);
        second.release();
        ByteBuf third = ch.readOutbound(); // BodyEnd: an empty write that completes in order
        assertThat(third.isReadable()).isFalse();
        third.release();
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void promisesCompleteOnlyWhenTheirBytesAreWritten() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ChannelFuture head = ch.write(post(Framing.ofLength(2), "Host", "a", "Content-Length", "2"));
        ChannelFuture body = ch.write(new BodyChunk(buf(alloc, "ok")));
        ChannelFuture end = ch.write(BodyEnd.empty());
        assertThat(head.isDone()).isFalse();
        assertThat(body.isDone()).isFalse();
        assertThat(end.isDone()).as("BodyEnd may not complete before the body is written").isFalse();
        ch.flush();
        assertThat(head.isSuccess()).isTrue();
        assertThat(body.isSuccess()).isTrue();
        assertThat(end.isSuccess()).isTrue();
        assertThat(outbound(ch)).isEqualTo("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void rawBuffersPassThroughBetweenMessages() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ch.write(new ResponseHead("HTTP/1.1", 200, "Connection established", new Headers(), Framing.NONE));
        ch.write(BodyEnd.empty());
        ByteBuf raw = buf(alloc, "\u0016\u0003\u0003tls");
        ch.writeAndFlush(raw);
        ByteBuf head = ch.readOutbound();
        assertThat(head.toString(ISO_8859_1)).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
        head.release();
        ByteBuf passed = ch.readOutbound();
        assertThat(passed).isSameAs(raw);
        passed.release();
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void closeDelimitedBodiesAreRawAndTrailersOfUnchunkedMessagesAreDropped() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ch.write(new ResponseHead("HTTP/1.0", 200, "OK", new Headers(), Framing.UNTIL_CLOSE));
        ch.write(new BodyChunk(buf(alloc, "abc")));
        ch.write(new BodyEnd(Headers.of("X-Dropped", "1")));
        ch.flush();
        assertThat(outbound(ch)).isEqualTo("HTTP/1.0 200 OK\r\n\r\nabc");
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    record Violation(String name, List<Object> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Violation> violations() {
        Headers cl2 = Headers.of("Content-Length", "2");
        return Stream.of(
                new Violation("body longer than Content-Length", List.of(post(Framing.ofLength(2), "Content-Length", "2"),
                        "abc")),
                new Violation("body longer than Content-Length over two chunks",
                        List.of(post(Framing.ofLength(2), "Content-Length", "2"), "a", "bc")),
                new Violation("BodyEnd before all Content-Length bytes",
                        List.of(new ResponseHead("HTTP/1.1", 200, "OK", cl2, Framing.ofLength(2)), "a", BodyEnd.empty())),
                new Violation("body bytes for a bodiless message",
                        List.of(new ResponseHead("HTTP/1.1", 204, "No Content", new Headers(), Framing.NONE), "x")),
                new Violation("BodyChunk without a head", List.of("x")),
                new Violation("BodyEnd without a head", List.of(BodyEnd.empty())),
                new Violation("head before the previous BodyEnd",
                        List.of(post(Framing.CHUNKED, "Transfer-Encoding", "chunked"), post(Framing.NONE))),
                new Violation("raw bytes in the middle of a message",
                        List.of(post(Framing.CHUNKED, "Transfer-Encoding", "chunked"), new RawMarker())),
                new Violation("head after a close-delimited body", List.of(
                        new ResponseHead("HTTP/1.1", 200, "OK", new Headers(), Framing.UNTIL_CLOSE), "a", BodyEnd.empty(),
                        new ResponseHead("HTTP/1.1", 200, "OK", Headers.of("Content-Length", "0"), Framing.ofLength(0)))),
                new Violation("raw bytes after a close-delimited body", List.of(
                        new ResponseHead("HTTP/1.1", 200, "OK", new Headers(), Framing.UNTIL_CLOSE), BodyEnd.empty(),
                        new RawMarker())),
                new Violation("trailer with CR LF", List.of(post(Framing.CHUNKED, "Transfer-Encoding", "chunked"),
                        new BodyEnd(Headers.of("X", "a\r\nInjected: 1")))));
    }

    /** Stands for a raw ByteBuf in {@link #violations()} (buffers are made per test). */
    record RawMarker() {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void framingViolationsFailTheWriteAndCloseTheConnection(Violation v) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ChannelFuture last = null;
        for (Object m : v.messages()) {
            Object msg = m instanceof String s ? new BodyChunk(buf(alloc, s)) : m instanceof RawMarker ? buf(alloc, "raw") : m;
            last = ch.write(msg);
        }
        assertThat(last.cause()).isInstanceOf(IllegalStateException.class);
        assertThat(ch.isOpen()).isFalse();
        ChannelFuture after = ch.writeAndFlush(new BodyChunk(buf(alloc, "more")));
        assertThat(after.isSuccess()).isFalse();
        releaseOutbound(ch);
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    static Stream<Arguments> unsafeHeads() {
        return Stream.of(
                Arguments.of("CR LF in a value", post(Framing.NONE, "X", "a\r\nInjected: 1")),
                Arguments.of("LF in a value", post(Framing.NONE, "X", "a\nb")),
                Arguments.of("NUL in a value", post(Framing.NONE, "X", "a\u0000b")),
                Arguments.of("char above 0xFF in a value", post(Framing.NONE, "X", "\u212A")),
                Arguments.of("space in a name", post(Framing.NONE, "X Y", "1")),
                Arguments.of("colon in a name", post(Framing.NONE, "X:", "1")),
                Arguments.of("empty name", post(Framing.NONE, "", "1")),
                Arguments.of("space in the target", new RequestHead("GET", "/a b", "HTTP/1.1", new Headers(), Framing.NONE)),
                Arguments.of("empty target", new RequestHead("GET", "", "HTTP/1.1", new Headers(), Framing.NONE)),
                Arguments.of("method with a space", new RequestHead("G T", "/", "HTTP/1.1", new Headers(), Framing.NONE)),
                Arguments.of("HTTP/2 version", new RequestHead("GET", "/", "HTTP/2", new Headers(), Framing.NONE)),
                Arguments.of("status 42", new ResponseHead("HTTP/1.1", 42, "x", new Headers(), Framing.NONE)),
                Arguments.of("status 1000", new ResponseHead("HTTP/1.1", 1000, "x", new Headers(), Framing.NONE)),
                Arguments.of("CR LF in the reason", new ResponseHead("HTTP/1.1", 200, "OK\r\nX: y", new Headers(), Framing.NONE)),
                Arguments.of("CHUNKED with a stale Content-Length", post(Framing.CHUNKED, "Content-Length", "5",
                        "Transfer-Encoding", "chunked")),
                Arguments.of("CHUNKED without Transfer-Encoding", post(Framing.CHUNKED)),
                Arguments.of("CHUNKED with Transfer-Encoding gzip", post(Framing.CHUNKED, "Transfer-Encoding", "gzip")),
                Arguments.of("CHUNKED in HTTP/1.0", new ResponseHead("HTTP/1.0", 200, "OK", Headers.of("Transfer-Encoding",
                        "chunked"), Framing.CHUNKED)),
                Arguments.of("LENGTH(5) with Content-Length 6", post(Framing.ofLength(5), "Content-Length", "6")),
                Arguments.of("LENGTH(5) without Content-Length", post(Framing.ofLength(5))),
                Arguments.of("LENGTH(5) with two Content-Length", post(Framing.ofLength(5), "Content-Length", "5",
                        "Content-Length", "5")),
                Arguments.of("LENGTH(5) with Transfer-Encoding too", post(Framing.ofLength(5), "Content-Length", "5",
                        "Transfer-Encoding", "chunked")),
                Arguments.of("request NONE with Content-Length 5", post(Framing.NONE, "Content-Length", "5")),
                Arguments.of("request NONE with Transfer-Encoding", post(Framing.NONE, "Transfer-Encoding", "chunked")),
                Arguments.of("request UNTIL_CLOSE", post(Framing.UNTIL_CLOSE)),
                Arguments.of("UNTIL_CLOSE with Content-Length", new ResponseHead("HTTP/1.1", 200, "OK",
                        Headers.of("Content-Length", "5"), Framing.UNTIL_CLOSE)),
                Arguments.of("UNTIL_CLOSE with chunked", new ResponseHead("HTTP/1.1", 200, "OK",
                        Headers.of("Transfer-Encoding", "chunked"), Framing.UNTIL_CLOSE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeHeads")
    void headsThatCannotBeWrittenSafelyAreRefusedWithoutWritingAnything(String name, Object head) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ChannelFuture f = ch.writeAndFlush(head);
        assertThat(f.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        // the encoder is still usable
        ch.write(new RequestHead("GET", "/", "HTTP/1.1", Headers.of("Host", "a"), Framing.NONE));
        ch.writeAndFlush(BodyEnd.empty());
        assertThat(outbound(ch)).isEqualTo("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void bodilessResponsesMayCarryFramingFields() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        ch.write(new ResponseHead("HTTP/1.1", 200, "OK", Headers.of("Content-Length", "5"), Framing.NONE)); // to HEAD
        ch.write(BodyEnd.empty());
        ch.write(new ResponseHead("HTTP/1.1", 304, "Not Modified", Headers.of("Transfer-Encoding", "chunked"), Framing.NONE));
        ch.write(BodyEnd.empty());
        ch.write(new RequestHead("GET", "/", "HTTP/1.1", Headers.of("Content-Length", "0"), Framing.NONE));
        ch.writeAndFlush(BodyEnd.empty());
        assertThat(outbound(ch)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\nGET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    @Test
    void manyPipelinedMessagesInOneFlush() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        StringBuilder expected = new StringBuilder();
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String body = "body" + i;
            futures.add(ch.write(new ResponseHead("HTTP/1.1", 200, "OK", Headers.of("Content-Length", "" + body.length()),
                    Framing.ofLength(body.length()))));
            futures.add(ch.write(new BodyChunk(buf(alloc, body))));
            futures.add(ch.write(BodyEnd.empty()));
            expected.append("HTTP/1.1 200 OK\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        }
        ch.flush();
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        assertThat(outbound(ch)).isEqualTo(expected.toString());
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Decodes into message objects (the caller hands them to {@link #encode}, which releases them). */
    static List<Object> decodeObjects(TrackingAllocator alloc, ChannelHandler decoder, Feed feed, byte[] input, boolean close) {
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.feed(ch, alloc, feed, input);
        if (close) ch.finish();
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) out.add(m);
        ch.finishAndReleaseAll();
        return out;
    }

    /** Writes the messages through an encoder (flushing once at the end, or after each) and returns the bytes. */
    static String encode(TrackingAllocator alloc, List<Object> messages, boolean flushOnce) {
        EmbeddedChannel ch = Wire.channel(alloc, new Http1Encoder());
        List<ChannelFuture> futures = new ArrayList<>();
        for (Object m : messages) {
            assertThat(m).isNotInstanceOfAny(DecodeFailure.class, PrematureClose.class, StrayBytes.class);
            futures.add(flushOnce ? ch.write(m) : ch.writeAndFlush(m));
        }
        ch.flush();
        for (ChannelFuture f : futures) assertThat(f.isSuccess()).as("write of %s", f).isTrue();
        String s = outbound(ch);
        assertThat(ch.finish()).isFalse();
        return s;
    }

    static String outbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) m;
            sb.append(b.toString(ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static void releaseOutbound(EmbeddedChannel ch) {
        Object m;
        while ((m = ch.readOutbound()) != null) ReferenceCountUtil.release(m);
    }
}
