package dev.sluice.net.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.net.http1.Wire.Feed;
import dev.sluice.net.http1.Wire.TrackingAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Response column of security.md §2–§4 that only concerns responses (status line, interim
 * responses, bodiless responses, close-delimited bodies, stray bytes, CONNECT/101 pass-through,
 * premature close), each row fed whole and byte by byte.
 */
class Http1ResponseDecoderTest {

    /** {@code methods}: the requests announced with expect(), in order. */
    record Row(String name, List<String> methods, String input, boolean close, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Row> ROWS = new ArrayList<>();

    private static void row(String name, String method, String input, String... expected) {
        ROWS.add(new Row(name, method == null ? List.of() : List.of(method.split(",")), input, false, List.of(expected)));
    }

    private static void closed(String name, String method, String input, String... expected) {
        ROWS.add(new Row(name, method == null ? List.of() : List.of(method.split(",")), input, true, List.of(expected)));
    }

    private static void bad(String name, String input) {
        row(name, "GET", input, "fail 502 ");
    }

    private static void bad(String name, String input, String reason) {
        row(name, "GET", input, "fail 502 " + reason);
    }

    static final String OK5 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    static final String[] OK5_EVENTS = {"HTTP/1.1 200 OK LENGTH(5) {Content-Length: 5}", "body:hello", "end"};

    static {
        // ---- valid basics -------------------------------------------------------------------------
        row("200 with Content-Length", "GET", OK5, OK5_EVENTS);
        row("status line without reason", "GET", "HTTP/1.1 204\r\n\r\n", "HTTP/1.1 204  NONE {}", "end");
        row("status line with empty reason", "GET", "HTTP/1.1 204 \r\n\r\n", "HTTP/1.1 204  NONE {}", "end");
        row("reason with spaces and obs-text", "GET", "HTTP/1.1 404 Nicht  gef\u00fcnden\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 404 Nicht  gef\\xfcnden LENGTH(0) {Content-Length: 0}", "end");
        row("bare LF line ends", "GET", "HTTP/1.1 200 OK\nContent-Length: 5\nX-A: 1\n\nhello",
                "HTTP/1.1 200 OK LENGTH(5) {Content-Length: 5, X-A: 1}", "body:hello", "end");
        row("HTTP/1.0 response with Content-Length", "GET", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.0 200 OK LENGTH(2) {Content-Length: 2}", "body:ok", "end");
        row("chunked with extensions and trailers", "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n1;q=\"x y\"\r\n!\r\n0\r\nX-Sum: 9\r\n\r\n",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "body:hello!", "end {X-Sum: 9}");

        // ---- status line -------------------------------------------------------------------------
        for (String line : new String[] {"HTTP/1.1 099 Low", "HTTP/1.1 000 Zero", "HTTP/1.1 1000 High", "HTTP/1.1 20 OK",
                "HTTP/1.1 2x0 OK", "HTTP/1.1 -200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 abc OK", "HTTP/1.1 200OK",
                "HTTP/1.1 +20 OK", "HTTP/1.1 20", "HTTP/1.1", "HTTP/1.1 ", "HTTP/1.1 \u00b200 OK", "HTTP/1.1 200\tOK"}) {
            bad("status line '" + Wire.escape(line) + "'", line + "\r\nContent-Length: 0\r\n\r\n");
        }
        for (String v : new String[] {"HTP/1.1", "HTTP", "HTTP/1x", "HTTP/1", "HTTP/1.11", "HTTP/11.1", "HTTP/A.1",
                "http/1.1", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "ICY"}) {
            bad("version '" + v + "'", v + " 200 OK\r\nContent-Length: 0\r\n\r\n", "Invalid HTTP version");
        }
        bad("reason phrase with a control character", "HTTP/1.1 200 O\u0001K\r\nContent-Length: 0\r\n\r\n",
                "Invalid character in reason phrase");
        bad("reason phrase with a bare CR", "HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n", "Bare CR");
        bad("status line with a bare CR", "HTTP/1.1\r200 OK\r\nContent-Length: 0\r\n\r\n", "Bare CR");
        bad("bare CR after the status code", "HTTP/1.1 200\rOK\r\nContent-Length: 0\r\n\r\n", "Bare CR");
        bad("bare CR inside the version", "HTTP/1.\r 200 OK\r\nContent-Length: 0\r\n\r\n", "Bare CR");
        bad("empty line before the status line", "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "Empty line before the status line");
        closed("status 999 (in range, read until close)", "GET", "HTTP/1.1 999 Odd\r\n\r\nx",
                "HTTP/1.1 999 Odd UNTIL_CLOSE {}", "body:x", "end");
        row("status 100-199 range lower bound", "GET", "HTTP/1.1 100 Continue\r\n\r\n" + OK5,
                "HTTP/1.1 100 Continue NONE {}", "end", OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2]);

        // ---- interim responses -------------------------------------------------------------------
        row("100, 102, 103 before the final response", "POST",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                        + "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + OK5,
                "HTTP/1.1 100 Continue NONE {}", "end", "HTTP/1.1 102 Processing NONE {}", "end",
                "HTTP/1.1 103 Early Hints NONE {Link: </s.css>; rel=preload}", "end",
                OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2]);
        row("1xx with Content-Length has no body", "GET", "HTTP/1.1 103 Hints\r\nContent-Length: 5\r\n\r\n" + OK5,
                "HTTP/1.1 103 Hints NONE {Content-Length: 5}", "end", OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2]);
        bad("Transfer-Encoding in a 100 response", "HTTP/1.1 100 Continue\r\nTransfer-Encoding: chunked\r\n\r\n" + OK5,
                "Transfer-Encoding in a 100 response");
        bad("Transfer-Encoding in a 204 response", "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n",
                "Transfer-Encoding in a 204 response");
        bad("Transfer-Encoding gzip in a 204 response", "HTTP/1.1 204 No Content\r\nTransfer-Encoding: gzip\r\n\r\n",
                "Transfer-Encoding in a 204 response");
        bad("Transfer-Encoding in a 101 response", "HTTP/1.1 101 Switching Protocols\r\nTransfer-Encoding: chunked\r\n\r\n",
                "Transfer-Encoding in a 101 response");
        closed("server closes after an interim response", "GET", "HTTP/1.1 100 Continue\r\n\r\n",
                "HTTP/1.1 100 Continue NONE {}", "end", "premature-close");

        // ---- bodiless responses and stray bytes ----------------------------------------------------
        row("204 with Content-Length: 0", "GET", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 204 No Content NONE {Content-Length: 0}", "end");
        row("304 with Content-Length and chunked", "GET", "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 304 Not Modified NONE {Transfer-Encoding: chunked}", "end");
        row("304 with Content-Length", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
                "HTTP/1.1 304 Not Modified NONE {Content-Length: 100}", "end");
        row("HEAD response with Content-Length and no body", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
                "HTTP/1.1 200 OK NONE {Content-Length: 5}", "end");
        row("HEAD response with Transfer-Encoding: chunked", "HEAD", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 200 OK NONE {Transfer-Encoding: chunked}", "end");
        row("HEAD response without framing fields", "HEAD", "HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK NONE {}", "end");
        bad("HEAD response with an invalid Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1,1\r\n\r\n",
                "Invalid Content-Length");
        row("HEAD response, then a GET response", "HEAD,GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + OK5,
                "HTTP/1.1 200 OK NONE {Content-Length: 5}", "end", OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2]);
        row("stray bytes after a 204", "GET", "HTTP/1.1 204 No Content\r\n\r\nhello",
                "HTTP/1.1 204 No Content NONE {}", "end", "stray");
        row("stray bytes after a 304", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 304 Not Modified NONE {Content-Length: 5}", "end", "stray");
        row("stray bytes after a HEAD response", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK NONE {Content-Length: 5}", "end", "stray");
        row("stray bytes after a Content-Length body", "GET", OK5 + "EXTRA", OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2],
                "stray");
        row("stray CRLF after a chunked body", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\r\n",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "end", "stray");
        row("response nobody asked for", null, OK5, "stray");
        row("a second response after stray bytes is not decoded", "GET,GET", "HTTP/1.1 204 No Content\r\n\r\nhello" + OK5,
                "HTTP/1.1 204 No Content NONE {}", "end", "fail 502 Invalid HTTP version");

        // ---- close-delimited bodies ------------------------------------------------------------------
        closed("no framing fields: body until close", "GET", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello world",
                "HTTP/1.1 200 OK UNTIL_CLOSE {Content-Type: text/plain}", "body:hello world", "end");
        closed("no framing fields, HTTP/1.0", "GET", "HTTP/1.0 200 OK\r\n\r\nold", "HTTP/1.0 200 OK UNTIL_CLOSE {}",
                "body:old", "end");
        closed("no framing fields, empty body", "GET", "HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK UNTIL_CLOSE {}", "end");
        closed("Transfer-Encoding gzip alone: body until close", "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\u001f\u008b\u0008",
                "HTTP/1.1 200 OK UNTIL_CLOSE {Transfer-Encoding: gzip}", "body:\\x1f\\x8b\\x08", "end");
        closed("close-delimited body that looks like a response", "GET", "HTTP/1.1 200 OK\r\n\r\n" + OK5,
                "HTTP/1.1 200 OK UNTIL_CLOSE {}", "body:" + Wire.escape(OK5), "end");

        // ---- CONNECT and upgrades ----------------------------------------------------------------------
        row("2xx to CONNECT, then tunnel bytes", "CONNECT",
                "HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0003\u0000\u0001\u0002",
                "HTTP/1.1 200 Connection established NONE {}", "end", "raw:\\x16\\x03\\x03\\x00\\x01\\x02");
        row("2xx to CONNECT with a Content-Length is bodiless", "CONNECT",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK NONE {Content-Length: 5}", "end", "raw:hello");
        row("407 to CONNECT has a body and keeps HTTP", "CONNECT,CONNECT",
                "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\nno!"
                        + "HTTP/1.1 200 OK\r\n\r\ntunnel",
                "HTTP/1.1 407 Proxy Authentication Required LENGTH(3) {Content-Length: 3}", "body:no!", "end",
                "HTTP/1.1 200 OK NONE {}", "end", "raw:tunnel");
        row("101 Switching Protocols, then WebSocket frames", "GET",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi",
                "HTTP/1.1 101 Switching Protocols NONE {Upgrade: websocket, Connection: Upgrade}", "end", "raw:\\x81\\x02hi");
        closed("tunnel bytes until close", "CONNECT", "HTTP/1.1 200 OK\r\n\r\nabc", "HTTP/1.1 200 OK NONE {}", "end", "raw:abc");

        // ---- §4 sizes --------------------------------------------------------------------------------
        bad("status line longer than 16 KiB", "HTTP/1.1 200 " + "a".repeat(16 * 1024) + "\r\n\r\n", "Status line longer");
        bad("status line growing beyond 16 KiB", "HTTP/1.1 200 " + "a".repeat(20000), "Status line longer");
        bad("header block longer than 64 KiB", "HTTP/1.1 200 OK\r\nX: " + "a".repeat(64 * 1024) + "\r\n\r\n",
                "Header block longer");
        bad("more than 500 header fields", "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(501) + "\r\n", "More than 500");
        row("500 header fields", "GET", "HTTP/1.1 204 OK\r\n" + "X: y\r\n".repeat(500) + "\r\n",
                "HTTP/1.1 204 OK NONE {" + String.join(", ", java.util.Collections.nCopies(500, "X: y")) + "}", "end");
        row("trailer section longer than 64 KiB", "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + "a".repeat(64 * 1024) + "\r\n\r\n",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "fail 502 Header block longer");
        row("more than 500 trailer fields", "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + "X: y\r\n".repeat(501) + "\r\n",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "fail 502 More than 500");

        // ---- §4 sequencing ---------------------------------------------------------------------------
        row("pipelined responses in order", "GET,HEAD,GET,GET",
                OK5 + "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"
                        + "HTTP/1.1 304 Not Modified\r\n\r\n",
                OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2],
                "HTTP/1.1 200 OK NONE {Content-Length: 9}", "end",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "body:ab", "end",
                "HTTP/1.1 304 Not Modified NONE {}", "end");

        // ---- premature close -------------------------------------------------------------------------
        closed("server closes before responding", "GET", "", "premature-close");
        closed("server closes inside the status line", "GET", "HTTP/1.1 20", "premature-close");
        closed("server closes inside the header block", "GET", "HTTP/1.1 200 OK\r\nContent-Le", "premature-close");
        closed("server closes inside a Content-Length body", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
                "HTTP/1.1 200 OK LENGTH(5) {Content-Length: 5}", "body:hel", "premature-close");
        closed("server closes before the last chunk", "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n",
                "HTTP/1.1 200 OK CHUNKED {Transfer-Encoding: chunked}", "body:ab", "premature-close");
        closed("server closes an idle connection", "GET", OK5, OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2]);
        closed("idle connection, nothing expected", null, "");
    }

    static Stream<Arguments> rows() {
        return Wire.withEveryFeed(ROWS);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rows")
    void decodes(Row row, Feed feed) {
        List<String> events = Wire.decode(new Http1ResponseDecoder(), d -> row.methods().forEach(d::expect), feed,
                Wire.bytes(row.input()), row.close());
        Wire.assertEvents(events, row.expected());
    }

    // ---- controls --------------------------------------------------------------------------------

    @Test
    void inputShutdownEndsACloseDelimitedBodyOnce() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1ResponseDecoder decoder = new Http1ResponseDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        decoder.expect("GET");
        Wire.Events events = new Wire.Events();
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("HTTP/1.1 200 OK\r\n\r\npart"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        events.drain(ch);
        ch.finish();
        events.drain(ch);
        assertThat(events.list()).containsExactly("HTTP/1.1 200 OK UNTIL_CLOSE {}", "body:part", "end");
        assertThat(decoder.pendingResponses()).isZero();
        alloc.assertAllReleased();
    }

    @Test
    void expectAfterAnIdlePeriodDecodesTheNextResponse() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1ResponseDecoder decoder = new Http1ResponseDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.Events events = new Wire.Events();
        decoder.expect("GET");
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes(OK5));
        assertThat(decoder.pendingResponses()).isZero();
        decoder.expect("DELETE");
        assertThat(decoder.pendingResponses()).isEqualTo(1);
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        events.drain(ch);
        assertThat(ch.finish()).isFalse();
        assertThat(events.list()).containsExactly(OK5_EVENTS[0], OK5_EVENTS[1], OK5_EVENTS[2],
                "HTTP/1.1 204 No Content NONE {}", "end");
        alloc.assertAllReleased();
    }

    @Test
    void strayBytesArrivingLaterAreSignalled() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1ResponseDecoder decoder = new Http1ResponseDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.Events events = new Wire.Events();
        decoder.expect("GET");
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("HTTP/1.1 408 Request Timeout\r\n\r\n"));
        decoder.expect("GET"); // too late: the connection is not reusable any more
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes(OK5));
        events.drain(ch);
        assertThat(decoder.isFailed()).isTrue();
        ch.finishAndReleaseAll();
        assertThat(events.list()).containsExactly("HTTP/1.1 204 No Content NONE {}", "end", "stray");
        alloc.assertAllReleased();
    }
}
