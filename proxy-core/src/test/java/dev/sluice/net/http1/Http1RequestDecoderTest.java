package dev.sluice.net.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.net.http1.Wire.Feed;
import dev.sluice.net.http1.Wire.TrackingAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request column of security.md §2–§4 that only concerns requests (request line, Host and
 * target rules, empty lines, sizes, pipelining, CONNECT), each row fed whole and byte by byte.
 */
class Http1RequestDecoderTest {

    record Row(String name, String input, boolean close, boolean asterisk, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Row> ROWS = new ArrayList<>();

    private static void row(String name, String input, String... expected) {
        ROWS.add(new Row(name, input, false, false, List.of(expected)));
    }

    private static void closed(String name, String input, String... expected) {
        ROWS.add(new Row(name, input, true, false, List.of(expected)));
    }

    private static void reverse(String name, String input, String... expected) {
        ROWS.add(new Row(name, input, false, true, List.of(expected)));
    }

    private static void bad(String name, String input) {
        row(name, input, "fail 400 ");
    }

    private static void bad(String name, String input, String reason) {
        row(name, input, "fail 400 " + reason);
    }

    static final String HOST = "Host: example.com\r\n";
    static final String GET = "GET / HTTP/1.1 NONE {Host: example.com}";

    static {
        // ---- valid basics -------------------------------------------------------------------------
        row("GET origin-form", "GET / HTTP/1.1\r\n" + HOST + "\r\n", GET, "end");
        row("origin-form with query", "GET /a/b?c=d&e HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /a/b?c=d&e HTTP/1.1 NONE {Host: example.com}", "end");
        row("obs-text in the target", "GET /caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /caf\\xe9 HTTP/1.1 NONE {Host: example.com}", "end");
        row("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.0 NONE {}", "end");
        row("extension method", "PURGE /x HTTP/1.1\r\n" + HOST + "\r\n", "PURGE /x HTTP/1.1 NONE {Host: example.com}", "end");
        row("GET with a Content-Length body", "GET / HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabc",
                "GET / HTTP/1.1 LENGTH(3) {Host: example.com, Content-Length: 3}", "body:abc", "end");
        row("header order, case and repeats kept",
                "GET / HTTP/1.1\r\nhost: example.com\r\nX-a: 1\r\nx-A: 2\r\nCookie: a\r\nCookie: b\r\n\r\n",
                "GET / HTTP/1.1 NONE {host: example.com, X-a: 1, x-A: 2, Cookie: a, Cookie: b}", "end");
        row("bare LF line ends in the whole head", "GET / HTTP/1.1\nHost: example.com\nX-A: 1\n\n",
                "GET / HTTP/1.1 NONE {Host: example.com, X-A: 1}", "end");
        row("mixed line ends", "GET / HTTP/1.1\r\nHost: example.com\nX-A: 1\r\n\n",
                "GET / HTTP/1.1 NONE {Host: example.com, X-A: 1}", "end");

        // ---- §2 request specifics -----------------------------------------------------------------
        row("body without Content-Length or Transfer-Encoding is the next request",
                "POST / HTTP/1.1\r\n" + HOST + "\r\nhello\r\n\r\n",
                "POST / HTTP/1.1 NONE {Host: example.com}", "end", "fail 400 Invalid request line");
        closed("body without framing fields, then close", "POST / HTTP/1.1\r\n" + HOST + "\r\nhello",
                "POST / HTTP/1.1 NONE {Host: example.com}", "end", "premature-close");

        // ---- §3 empty lines before the request line ----------------------------------------------
        row("16 empty lines (CRLF) before the request line", "\r\n".repeat(16) + "GET / HTTP/1.1\r\n" + HOST + "\r\n",
                GET, "end");
        row("16 empty lines (LF) before the request line", "\n".repeat(16) + "GET / HTTP/1.1\r\n" + HOST + "\r\n",
                GET, "end");
        row("mixed empty lines before the request line", "\r\n\n\r\n\n" + "GET / HTTP/1.1\r\n" + HOST + "\r\n", GET, "end");
        bad("17 empty lines before the request line", "\r\n".repeat(17) + "GET / HTTP/1.1\r\n" + HOST + "\r\n",
                "More than 16 empty lines");
        bad("bare CR before the request line", "\r\rGET / HTTP/1.1\r\n" + HOST + "\r\n", "Bare CR");
        row("empty lines between pipelined requests",
                "GET / HTTP/1.1\r\n" + HOST + "\r\n\r\n\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n", GET, "end", GET, "end");
        closed("close after empty lines only", "\r\n\r\n");

        // ---- §3 request line ---------------------------------------------------------------------
        String[] badLines = {
            "GET\u0000/ HTTP/1.1", "GET /\u0000 HTTP/1.1", "GET /a b HTTP/1.1", "GET /\u007f HTTP/1.1", "GET /\t HTTP/1.1",
            "GET  / HTTP/1.1", " GET / HTTP/1.1", "GET / HTTP/1.1 ", "GET\t/ HTTP/1.1", "GET / HTTP/1.1\u0000",
            "GE\u0001T / HTTP/1.1", "GET /\r HTTP/1.1", "GET / HTTP/1.1\r", "GET /\u001b[31m HTTP/1.1", "GET / \u0000HTTP/1.1",
            "G(T / HTTP/1.1", "GET", "GET ", "GET / ", "\u0000GET / HTTP/1.1", "GET /\u0085 HTTP/1.1 x",
            "\u00c4 / HTTP/1.1",
        };
        for (String line : badLines) bad("request line '" + Wire.escape(line) + "'", line + "\r\n" + HOST + "\r\n");
        for (String v : new String[] {"HTP/1.1", "HTTP", "HTTP/1x", "HTTP/1", "HTTP/1.11", "HTTP/11.1", "HTTP/A.1",
                "http/1.1", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/1.1x", "HTTP /1.1", "HTTP/1.\u00b9", "HTTP/\u00b9.1"}) {
            bad("version '" + Wire.escape(v) + "'", "GET / " + v + "\r\n" + HOST + "\r\n");
        }
        bad("HTTP/0.9 request line (no version)", "GET /\r\n\r\n", "Missing HTTP version");
        bad("HTTP/0.9 request line, bare LF", "GET /index.html\n\n", "Missing HTTP version");

        // ---- §3 Host -----------------------------------------------------------------------------
        bad("HTTP/1.1 origin-form without Host", "GET / HTTP/1.1\r\n\r\n", "Missing Host header");
        bad("HTTP/1.1 absolute-form without Host", "GET http://example.com/ HTTP/1.1\r\n\r\n", "Missing Host header");
        row("HTTP/1.0 absolute-form without Host", "GET http://example.com/ HTTP/1.0\r\n\r\n",
                "GET http://example.com/ HTTP/1.0 NONE {}", "end");
        bad("two Host fields", "GET / HTTP/1.1\r\n" + HOST + HOST + "\r\n", "Multiple Host headers");
        bad("two Host fields, different case and value", "GET / HTTP/1.1\r\nHost: a.example\r\nhost: b.example\r\n\r\n",
                "Multiple Host headers");
        bad("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\n" + HOST + HOST + "\r\n", "Multiple Host headers");
        bad("absolute-form, Host names another host", "GET http://a.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n",
                "Host header b.example does not match request target http://a.example/");
        bad("absolute-form, Host names another port", "GET http://a.example/x HTTP/1.1\r\nHost: a.example:8080\r\n\r\n",
                "Host header a.example:8080 does not match request target http://a.example/x");
        bad("absolute-form https, Host with port 80", "GET https://a.example/ HTTP/1.1\r\nHost: a.example:80\r\n\r\n",
                "Host header a.example:80 does not match request target https://a.example/");
        bad("absolute-form, Host with a trailing dot", "GET http://a.example/ HTTP/1.1\r\nHost: a.example.\r\n\r\n",
                "Host header a.example. does not match");
        bad("absolute-form, empty Host", "GET http://a.example/ HTTP/1.1\r\nHost:\r\n\r\n",
                "Host header  does not match request target http://a.example/");
        bad("absolute-form HTTP/1.0, Host names another host", "GET http://a.example/ HTTP/1.0\r\nHost: b.example\r\n\r\n",
                "Host header b.example does not match");
        bad("absolute-form, Host is a suffix of the target host", "GET http://a.b.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n",
                "Host header b.example does not match");
        for (String[] ok : new String[][] {
            {"http://a.example/", "a.example:80"}, {"https://a.example/", "a.example:443"}, {"http://a.example:80/", "a.example"},
            {"http://A.EXAMPLE/", "a.example"}, {"http://a.example/", "A.Example"}, {"http://a.example:8080/x?y", "a.example:8080"},
            {"http://[::1]:8080/", "[::1]:8080"}, {"http://[::1]/", "[::1]:80"}, {"HTTP://a.example/", "a.example"},
            {"http://a.example", "a.example"}, {"http://a.example?q", "a.example"}, {"http://10.0.0.1:81/", "10.0.0.1:81"},
        }) {
            row("absolute-form " + ok[0] + " with Host " + ok[1], "GET " + ok[0] + " HTTP/1.1\r\nHost: " + ok[1] + "\r\n\r\n",
                    "GET " + ok[0] + " HTTP/1.1 NONE {Host: " + ok[1] + "}", "end");
        }
        for (String h : new String[] {"a b", "a.example:99999", "a.example:0", "user@a.example", "a.example:", "[::1",
                "\u00e2\u0084\u00aa.example", "a.example:8o", "a/b", "a.example:80:80", "%zz"}) {
            bad("invalid Host '" + Wire.escape(h) + "'", "GET / HTTP/1.1\r\nHost: " + h + "\r\n\r\n", "Invalid Host header");
        }
        row("empty Host with origin-form", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "GET / HTTP/1.1 NONE {Host: }", "end");

        // ---- §3 CONNECT ---------------------------------------------------------------------------
        row("CONNECT host:port", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                "CONNECT example.com:443 HTTP/1.1 NONE {Host: example.com:443}", "end");
        row("CONNECT without Host", "CONNECT example.com:443 HTTP/1.1\r\n\r\n", "CONNECT example.com:443 HTTP/1.1 NONE {}", "end");
        row("CONNECT to an IPv6 literal", "CONNECT [2001:db8::1]:443 HTTP/1.1\r\n\r\n",
                "CONNECT [2001:db8::1]:443 HTTP/1.1 NONE {}", "end");
        row("CONNECT to an IPv4 address", "CONNECT 10.0.0.1:8443 HTTP/1.0\r\n\r\n", "CONNECT 10.0.0.1:8443 HTTP/1.0 NONE {}", "end");
        row("CONNECT with Content-Length: 0", "CONNECT a.example:443 HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                "CONNECT a.example:443 HTTP/1.1 NONE {Content-Length: 0}", "end");
        for (String t : new String[] {"example.com", "example.com:443/", "example.com:443/path", "example.com:abc",
                "example.com:0", "example.com:65536", "example.com:", ":443", "http://example.com:443", "/",
                "user@example.com:443", "*", "example.com:-1", "example.com:+443", "[::1]", "example.com:443:443",
                "example.com:0443443"}) {
            bad("CONNECT target '" + t + "'", "CONNECT " + t + " HTTP/1.1\r\n" + HOST + "\r\n", "Invalid CONNECT target");
        }
        bad("CONNECT with a Content-Length body", "CONNECT a.example:443 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                "CONNECT request with a body");
        bad("CONNECT with a chunked body", "CONNECT a.example:443 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "CONNECT request with a body");
        row("bytes after CONNECT are passed through",
                "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n\u0016\u0003\u0001\u0000\u00a5\u0001",
                "CONNECT a.example:443 HTTP/1.1 NONE {Host: a.example:443}", "end", "raw:\\x16\\x03\\x01\\x00\\xa5\\x01");
        row("an HTTP request after CONNECT is passed through, not decoded",
                "CONNECT a.example:80 HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
                "CONNECT a.example:80 HTTP/1.1 NONE {}", "end", "raw:GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n");
        row("invalid bytes after CONNECT are passed through",
                "CONNECT a.example:80 HTTP/1.1\r\n\r\n\u0000\r\r\n\u00ff",
                "CONNECT a.example:80 HTTP/1.1 NONE {}", "end", "raw:\\x00\\r\\r\\n\\xff");
        closed("close after CONNECT", "CONNECT a.example:80 HTTP/1.1\r\n\r\nxy",
                "CONNECT a.example:80 HTTP/1.1 NONE {}", "end", "raw:xy");

        // ---- §3 target forms ---------------------------------------------------------------------
        bad("authority-form on GET", "GET example.com:80 HTTP/1.1\r\n" + HOST + "\r\n", "Authority-form request target");
        bad("authority-form without port on GET", "GET example.com HTTP/1.1\r\n" + HOST + "\r\n", "Authority-form request target");
        bad("authority-form on OPTIONS", "OPTIONS example.com:443 HTTP/1.1\r\n" + HOST + "\r\n", "Authority-form");
        bad("asterisk-form in regular mode", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", "Asterisk-form");
        bad("asterisk-form on GET", "GET * HTTP/1.1\r\n" + HOST + "\r\n", "Asterisk-form");
        reverse("asterisk-form OPTIONS when allowed (reverse mode)", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n",
                "OPTIONS * HTTP/1.1 NONE {Host: example.com}", "end");
        reverse("asterisk-form GET even when allowed", "GET * HTTP/1.1\r\n" + HOST + "\r\n", "fail 400 Asterisk-form");
        bad("absolute-form with an ftp scheme", "GET ftp://example.com/ HTTP/1.1\r\n" + HOST + "\r\n", "Unsupported scheme");
        bad("absolute-form with an empty host", "GET http:///x HTTP/1.1\r\n" + HOST + "\r\n", "Invalid request target");
        bad("absolute-form with user info", "GET http://u:p@example.com/ HTTP/1.1\r\n" + HOST + "\r\n",
                "Invalid request target");
        bad("absolute-form with a bad port", "GET http://example.com:99999/ HTTP/1.1\r\n" + HOST + "\r\n",
                "Invalid request target");
        bad("relative path target", "GET a/b HTTP/1.1\r\n" + HOST + "\r\n", "Invalid request target");
        bad("target '**'", "GET ** HTTP/1.1\r\n" + HOST + "\r\n");

        // ---- §4 sizes ------------------------------------------------------------------------------
        String rl16k = "GET /" + "a".repeat(16 * 1024 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        row("request line of exactly 16 KiB", rl16k + "\r\n" + HOST + "\r\n",
                "GET /" + "a".repeat(16 * 1024 - 14) + " HTTP/1.1 NONE {Host: example.com}", "end");
        row("request line of exactly 16 KiB ending in a bare LF", rl16k + "\n" + HOST + "\r\n",
                "GET /" + "a".repeat(16 * 1024 - 14) + " HTTP/1.1 NONE {Host: example.com}", "end");
        row("request line of 16 KiB + 1", "GET /a" + rl16k.substring(5) + "\r\n" + HOST + "\r\n", "fail 414 ");
        row("request line of 16 KiB + 1 ending in a bare LF", "GET /a" + rl16k.substring(5) + "\n" + HOST + "\r\n",
                "fail 414 ");
        row("request line growing beyond 16 KiB without an end", "GET /" + "a".repeat(20000), "fail 414 ");
        String filler = "X: " + "a".repeat(64 * 1024 - HOST.length() - 5) + "\r\n";
        row("header block of exactly 64 KiB", "GET / HTTP/1.1\r\n" + HOST + filler + "\r\n",
                "GET / HTTP/1.1 NONE {Host: example.com, X: " + "a".repeat(64 * 1024 - HOST.length() - 5) + "}", "end");
        row("header block of 64 KiB + 1", "GET / HTTP/1.1\r\n" + HOST + "X: a" + filler.substring(3) + "\r\n", "fail 431 ");
        row("header block growing beyond 64 KiB without an end", "GET / HTTP/1.1\r\n" + HOST + "X: " + "a".repeat(70000),
                "fail 431 ");
        row("header block of many short lines beyond 64 KiB",
                "GET / HTTP/1.1\r\n" + HOST + ("X-Padding-Field: " + "0123456789".repeat(20) + "\r\n").repeat(400),
                "fail 431 Header block longer than 65536 bytes");
        StringBuilder f500 = new StringBuilder();
        StringBuilder f500Expected = new StringBuilder("Host: example.com");
        for (int i = 1; i < 500; i++) {
            f500.append("X-").append(i).append(": v\r\n");
            f500Expected.append(", X-").append(i).append(": v");
        }
        row("500 header fields", "GET / HTTP/1.1\r\n" + HOST + f500 + "\r\n", "GET / HTTP/1.1 NONE {" + f500Expected + "}", "end");
        row("501 header fields", "GET / HTTP/1.1\r\n" + HOST + f500 + "X-500: v\r\n\r\n", "fail 431 More than 500 header fields");

        // ---- §4 sequencing ---------------------------------------------------------------------------
        row("pipelined requests in one packet",
                "GET /1 HTTP/1.1\r\n" + HOST + "\r\n"
                        + "POST /2 HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello"
                        + "POST /3 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                        + "HEAD /4 HTTP/1.0\r\n\r\n",
                "GET /1 HTTP/1.1 NONE {Host: example.com}", "end",
                "POST /2 HTTP/1.1 LENGTH(5) {Host: example.com, Content-Length: 5}", "body:hello", "end",
                "POST /3 HTTP/1.1 CHUNKED {Host: example.com, Transfer-Encoding: chunked}", "body:abc", "end",
                "HEAD /4 HTTP/1.0 NONE {}", "end");
        row("pipelined requests, the second invalid",
                "GET /1 HTTP/1.1\r\n" + HOST + "\r\nGET /2 HTTP/1.1\r\n" + HOST + "X : y\r\n\r\nGET /3 HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /1 HTTP/1.1 NONE {Host: example.com}", "end", "fail 400 Whitespace between header name and colon");
        row("input after a failure is discarded", "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n",
                "fail 400 Missing Host header");

        // ---- closing ------------------------------------------------------------------------------
        closed("close between requests", "GET / HTTP/1.1\r\n" + HOST + "\r\n", GET, "end");
        closed("close inside the request line", "GET / HT", "premature-close");
        closed("close inside the header block", "GET / HTTP/1.1\r\nHost: exa", "premature-close");
        closed("close inside a Content-Length body", "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhel",
                "POST / HTTP/1.1 LENGTH(5) {Host: example.com, Content-Length: 5}", "body:hel", "premature-close");
        closed("close before the last chunk", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
                "POST / HTTP/1.1 CHUNKED {Host: example.com, Transfer-Encoding: chunked}", "body:abc", "premature-close");
        closed("close after a failure", "GET / HTTP/1.1\r\n\r\n", "fail 400 Missing Host header");
    }

    static Stream<Arguments> rows() {
        return Wire.withEveryFeed(ROWS);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rows")
    void decodes(Row row, Feed feed) {
        Http1RequestDecoder decoder = new Http1RequestDecoder(Http1Limits.DEFAULTS, row.asterisk());
        List<String> events = Wire.decode(decoder, null, feed, Wire.bytes(row.input()), row.close());
        Wire.assertEvents(events, row.expected());
    }

    // ---- controls --------------------------------------------------------------------------------

    @Test
    void passThroughHandsOnAnIncompleteHeadAndLaterBytes() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1RequestDecoder decoder = new Http1RequestDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.Events events = new Wire.Events();
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes(
                "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nGET /x HT"));
        events.drain(ch);
        assertThat(decoder.isPassThrough()).isFalse();
        decoder.passThrough(); // the server answered 101
        assertThat(decoder.isPassThrough()).isTrue();
        events.drain(ch);
        Wire.feed(ch, alloc, Feed.WHOLE, new byte[] {(byte) 0x81, 0x05, 'h', 'e'});
        events.drain(ch);
        assertThat(ch.finish()).isFalse();
        assertThat(events.list()).containsExactly(
                "GET /chat HTTP/1.1 NONE {Host: a, Upgrade: websocket, Connection: Upgrade}", "end",
                "raw:GET /x HT\\x81\\x05he");
        alloc.assertAllReleased();
    }

    @Test
    void passThroughWhileHandlingAMessageAppliesRightAfterIt() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1RequestDecoder decoder = new Http1RequestDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof BodyEnd) decoder.passThrough(); // as if the upgrade were accepted at once
                ctx.fireChannelRead(msg);
            }
        });
        Wire.Events events = new Wire.Events();
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("GET /a HTTP/1.1\r\nHost: a\r\nUpgrade: x\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c HT"));
        events.drain(ch);
        assertThat(ch.finish()).isFalse();
        assertThat(events.list()).containsExactly("GET /a HTTP/1.1 NONE {Host: a, Upgrade: x}", "end",
                "raw:GET /b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\nGET /c HT");
        alloc.assertAllReleased();
    }

    @Test
    void passThroughInTheMiddleOfABodyIsRefused() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1RequestDecoder decoder = new Http1RequestDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab"));
        assertThatThrownBy(decoder::passThrough).isInstanceOf(IllegalStateException.class);
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void resumeHttpAfterARefusedConnect() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1RequestDecoder decoder = new Http1RequestDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        Wire.Events events = new Wire.Events();
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"));
        events.drain(ch);
        assertThat(decoder.isPassThrough()).isTrue();
        decoder.resumeHttp(); // 407: the client will retry with credentials on this connection
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\nProxy-Authorization: x\r\n\r\n"));
        events.drain(ch);
        ch.finishAndReleaseAll();
        assertThat(events.list()).containsExactly(
                "CONNECT a:443 HTTP/1.1 NONE {Host: a:443}", "end",
                "CONNECT a:443 HTTP/1.1 NONE {Host: a:443, Proxy-Authorization: x}", "end");
        alloc.assertAllReleased();
    }

    @Test
    void headStartTimeIsKnownWhileAHeadIsIncomplete() {
        TrackingAllocator alloc = new TrackingAllocator();
        Http1RequestDecoder decoder = new Http1RequestDecoder();
        EmbeddedChannel ch = Wire.channel(alloc, decoder);
        assertThat(decoder.headStartNanos()).isEqualTo(-1);
        long before = System.nanoTime();
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("GET / HTTP/1.1\r\nHo"));
        assertThat(decoder.headStartNanos()).isBetween(before, System.nanoTime());
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("st: a\r\n\r\n"));
        assertThat(decoder.headStartNanos()).isEqualTo(-1);
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void bodyChunksAreSlicesOfTheInputNotCopies() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = Wire.channel(alloc, new Http1RequestDecoder());
        Wire.feed(ch, alloc, Feed.WHOLE, Wire.bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
        int allocations = alloc.count();
        assertThat(ch.<Object>readInbound()).isInstanceOf(RequestHead.class);
        BodyChunk chunk = ch.readInbound();
        assertThat(alloc.count()).as("no buffer allocated for the body").isEqualTo(allocations);
        assertThat(chunk.content().unwrap()).isNotNull();
        chunk.release();
        assertThat(ch.<Object>readInbound()).isInstanceOf(BodyEnd.class);
        assertThat(ch.finish()).isFalse();
        alloc.assertAllReleased();
    }
}
