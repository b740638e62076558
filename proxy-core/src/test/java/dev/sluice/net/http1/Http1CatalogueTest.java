package dev.sluice.net.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.net.http1.Wire.Feed;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * security.md §2 (framing) and §3 (field syntax): every row runs in both columns — as a request
 * ({@code POST / HTTP/1.1}, failures are 400) and as a response to GET ({@code HTTP/1.1 200 OK},
 * failures are 502) — and with both feeds (whole, one byte per read). The input ends with a
 * close, so incomplete and close-delimited bodies show what the close does.
 */
class Http1CatalogueTest {

    /** What one column expects: a DecodeFailure, or a message with this framing, body and end. */
    record Expect(boolean fail, String framing, String body, String end, String headHas) {
        static final Expect FAIL = new Expect(true, null, null, null, null);

        static Expect msg(String framing, String body) {
            return new Expect(false, framing, body, "end", null);
        }

        static Expect msg(String framing, String body, String end) {
            return new Expect(false, framing, body, end, null);
        }

        Expect withHead(String fragment) {
            return new Expect(fail, framing, body, end, fragment);
        }
    }

    record Row(String section, String name, String version, String fields, String body, Expect request,
               Expect response) {
        @Override
        public String toString() {
            return section + " " + name;
        }
    }

    static final Expect FAIL = Expect.FAIL;
    static final String TE = "Transfer-Encoding: chunked\r\n";
    static final String HELLO_CHUNKED = "5\r\nhello\r\n0\r\n\r\n";

    static final List<Row> ROWS = new ArrayList<>();

    private static void both(String section, String name, String fields, String body, Expect request, Expect response) {
        ROWS.add(new Row(section, name, "HTTP/1.1", fields, body, request, response));
    }

    private static void same(String section, String name, String fields, String body, Expect both) {
        both(section, name, fields, body, both, both);
    }

    private static void fail(String section, String name, String fields, String body) {
        same(section, name, fields, body, FAIL);
    }

    private static void chunked(String name, String chunks, Expect both) {
        same("§2 chunked", name, TE, chunks, both);
    }

    private static void badChunks(String name, String chunks) {
        chunked(name, chunks, FAIL);
    }

    static {
        // ---- §2 framing ------------------------------------------------------------------------
        String s = "§2";
        fail(s, "Content-Length and Transfer-Encoding both present", "Content-Length: 5\r\n" + TE, HELLO_CHUNKED);
        fail(s, "Transfer-Encoding and Content-Length both present", TE + "Content-Length: 5\r\n", HELLO_CHUNKED);
        fail(s, "Content-Length: 0 and Transfer-Encoding", "Content-Length: 0\r\n" + TE, "0\r\n\r\n");
        fail(s, "two equal Content-Length fields", "Content-Length: 5\r\nContent-Length: 5\r\n", "hello");
        fail(s, "two different Content-Length fields", "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!");
        fail(s, "two Content-Length fields in different case", "Content-Length: 5\r\ncontent-length: 5\r\n", "hello");
        fail(s, "three Content-Length fields", "Content-Length: 1\r\nContent-Length: 1\r\nContent-Length: 1\r\n", "x");
        for (String v : new String[] {"1,1", "1, 1", "1 ,1", "1,"}) {
            fail(s, "Content-Length as a list '" + v + "'", "Content-Length: " + v + "\r\n", "x");
        }
        for (String v : new String[] {"", "-1", "+1", "0x42", "010", "00", "1.0", "foo", "1 1", "1e3",
                "9223372036854775808", "18446744073709551616", "99999999999999999999",
                "\u00d9\u00a1" /* ARABIC-INDIC DIGIT ONE in UTF-8 */, "\u00ef\u00bc\u0095" /* FULLWIDTH 5 */}) {
            fail(s, "Content-Length value '" + Wire.escape(v) + "'", "Content-Length: " + v + "\r\n", "x");
        }
        same(s, "Content-Length: 0", "Content-Length: 0\r\n", "", Expect.msg("LENGTH(0)", ""));
        same(s, "Content-Length: 5", "Content-Length: 5\r\n", "hello", Expect.msg("LENGTH(5)", "hello"));
        same(s, "Content-Length: 2^63-1 (announced, then the peer closes)", "Content-Length: 9223372036854775807\r\n",
                "abc", Expect.msg("LENGTH(9223372036854775807)", "abc", "premature-close"));
        same(s, "spaces around Content-Length", "Content-Length:   5   \r\n", "hello",
                Expect.msg("LENGTH(5)", "hello").withHead("{Content-Length: 5"));
        same(s, "tabs around Content-Length", "Content-Length:\t5\t\r\n", "hello", Expect.msg("LENGTH(5)", "hello"));
        fail(s, "VT before Content-Length value", "Content-Length: \u000b5\r\n", "hello");
        fail(s, "VT after Content-Length value", "Content-Length: 5\u000b\r\n", "hello");
        fail(s, "FF before Content-Length value", "Content-Length: \f5\r\n", "hello");
        fail(s, "FF after Content-Length value", "Content-Length: 5\f\r\n", "hello");
        fail(s, "CR before Content-Length value", "Content-Length: \r5\r\n", "hello");
        fail(s, "CR after Content-Length value", "Content-Length: 5\r\r\n", "hello");
        fail(s, "two Transfer-Encoding fields (chunked twice)", TE + TE, HELLO_CHUNKED);
        fail(s, "two Transfer-Encoding fields (gzip, then chunked)", "Transfer-Encoding: gzip\r\n" + TE, HELLO_CHUNKED);
        for (String v : new String[] {"chunked", "Chunked", "CHUNKED", "gzip, chunked", "deflate, chunked", "gzip,chunked",
                "GZIP ,\tChunked", "deflate\t,  chunked"}) {
            same(s, "Transfer-Encoding '" + Wire.escape(v) + "'", "Transfer-Encoding: " + v + "\r\n", HELLO_CHUNKED,
                    Expect.msg("CHUNKED", "hello"));
        }
        for (String v : new String[] {"gzip", "deflate", "identity", "GZip", "Identity"}) {
            both(s, "Transfer-Encoding '" + v + "' alone", "Transfer-Encoding: " + v + "\r\n", "abc",
                    FAIL, Expect.msg("UNTIL_CLOSE", "abc"));
        }
        for (String v : new String[] {"chunked, chunked", "chunked, gzip", "chunked, something", "compress",
                "compress, chunked", "x-gzip, chunked", "gzip, deflate, chunked", "identity, chunked", "",
                ",chunked", "chunked,", "gzip,,chunked", "chunked;q=1", "chunk\u00e9d", "\"chunked\"",
                "chun\u00e2\u0084\u00aaed" /* chun\u212Aed (KELVIN SIGN) in UTF-8 */, "ch unked"}) {
            fail(s, "Transfer-Encoding '" + Wire.escape(v) + "'", "Transfer-Encoding: " + v + "\r\n", HELLO_CHUNKED);
        }
        ROWS.add(new Row(s, "Transfer-Encoding in an HTTP/1.0 message", "HTTP/1.0", TE, HELLO_CHUNKED, FAIL, FAIL));
        ROWS.add(new Row(s, "Transfer-Encoding gzip in an HTTP/1.0 message", "HTTP/1.0", "Transfer-Encoding: gzip\r\n",
                "abc", FAIL, FAIL));
        ROWS.add(new Row(s, "HTTP/1.0 with Content-Length", "HTTP/1.0", "Content-Length: 5\r\n", "hello",
                Expect.msg("LENGTH(5)", "hello"), Expect.msg("LENGTH(5)", "hello")));
        fail(s, "whitespace before the colon of Transfer-Encoding", "Transfer-Encoding : chunked\r\n", HELLO_CHUNKED);
        fail(s, "tab before the colon of Content-Length", "Content-Length\t: 5\r\n", "hello");
        fail(s, "second Content-Length introduced by obs-fold", "Content-Length: 5\r\n Content-Length: 6\r\n", "hello!");
        fail(s, "Transfer-Encoding continued by obs-fold", "Transfer-Encoding: gzip,\r\n chunked\r\n", HELLO_CHUNKED);

        // ---- §2 chunked bodies -------------------------------------------------------------------
        chunked("one chunk", HELLO_CHUNKED, Expect.msg("CHUNKED", "hello"));
        chunked("several chunks", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello world"));
        chunked("upper-case hex size", "A\r\n0123456789\r\n0\r\n\r\n", Expect.msg("CHUNKED", "0123456789"));
        chunked("lower-case hex size", "a\r\n0123456789\r\n0\r\n\r\n", Expect.msg("CHUNKED", "0123456789"));
        chunked("leading zeros", "0005\r\nhello\r\n000\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("16 hex digits", "0000000000000005\r\nhello\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("empty body", "0\r\n\r\n", Expect.msg("CHUNKED", ""));
        chunked("size 2^63-1 (announced, then the peer closes)", "7fffffffffffffff\r\nabc",
                Expect.msg("CHUNKED", "abc", "premature-close"));
        badChunks("17 hex digits", "00000000000000005\r\nhello\r\n0\r\n\r\n");
        badChunks("8ccccccccccccccccc (more than 16 hex digits)", "8ccccccccccccccccc\r\nhello\r\n0\r\n\r\n");
        badChunks("size overflowing 2^63-1 (8000000000000000)", "8000000000000000\r\nhello\r\n0\r\n\r\n");
        badChunks("size overflowing 2^63-1 (ffffffffffffffff)", "ffffffffffffffff\r\nhello\r\n0\r\n\r\n");
        for (String size : new String[] {"zz", "5g", "-5", "+5", "0x5", " 5", "5 ", "", "\t5", "5\t", "\u00d9\u00a5"}) {
            badChunks("chunk size '" + Wire.escape(size) + "'", size + "\r\nhello\r\n0\r\n\r\n");
        }
        badChunks("chunk-size line ending with a bare LF", "5\nhello\r\n0\r\n\r\n");
        chunked("bare LF after chunk data", "5\r\nhello\n0\r\n\r\n", Expect.FAIL);
        badChunks("last chunk ending with a bare LF", "5\r\nhello\r\n0\n\r\n");
        badChunks("bare LF ending the trailer section", "5\r\nhello\r\n0\r\n\n");
        badChunks("bare LF ending a trailer field", "5\r\nhello\r\n0\r\nX-T: 1\n\r\n");
        badChunks("bare CR after chunk data", "5\r\nhello\r0\r\n\r\n");
        badChunks("bare CR in the chunk-size line", "5\r\r\nhello\r\n0\r\n\r\n");
        badChunks("chunk data longer than announced", "3\r\nhello\r\n0\r\n\r\n");
        badChunks("chunk data longer than announced, by one byte", "4\r\nhello\r\n0\r\n\r\n");
        badChunks("chunk data shorter than announced", "6\r\nhello\r\n0\r\n\r\n\r\n");
        chunked("extension: name", "5;foo\r\nhello\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("extension: name=token", "5;foo=bar\r\nhello\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("extension: quoted value", "5;foo=\"bar baz\"\r\nhello\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("extension: quoted pair", "5;foo=\"a\\\"b\\\\\"\r\nhello\r\n0\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("extensions: several, with BWS", "5 ; a = b ;c;d=\"e\"\r\nhello\r\n0\r\n\r\n",
                Expect.msg("CHUNKED", "hello"));
        chunked("extension on the last chunk", "5\r\nhello\r\n0;done\r\n\r\n", Expect.msg("CHUNKED", "hello"));
        chunked("extension of exactly 4096 bytes", "5;" + "a".repeat(4095) + "\r\nhello\r\n0\r\n\r\n",
                Expect.msg("CHUNKED", "hello"));
        badChunks("extension longer than 4 KiB", "5;" + "a".repeat(4096) + "\r\nhello\r\n0\r\n\r\n");
        badChunks("extension with a quoted value longer than 4 KiB",
                "5;a=\"" + "b".repeat(5000) + "\"\r\nhello\r\n0\r\n\r\n");
        badChunks("extension: quoted string containing CR", "5;foo=\"a\rb\"\r\nhello\r\n0\r\n\r\n");
        badChunks("extension: quoted string containing LF", "5;foo=\"a\nb\"\r\nhello\r\n0\r\n\r\n");
        badChunks("extension: unterminated quoted string", "5;foo=\"ab\r\nhello\r\n0\r\n\r\n");
        for (String ext : new String[] {";", ";=v", ";a=", ";a=b c", ";a b", ";a;", ";a=\"x\"y", ";\u0001", ";a=b\u007f",
                ";a=\"\u0000\"", "x", ";a ", ";a=b ", ";a=\"\\\u0001\"", ";\u00e9"}) {
            badChunks("extension '" + Wire.escape(ext) + "'", "5" + ext + "\r\nhello\r\n0\r\n\r\n");
        }
        chunked("trailer field", "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n",
                Expect.msg("CHUNKED", "hello", "end {X-Checksum: abc}"));
        chunked("two trailer fields", "0\r\nX-A: 1\r\nx-b:2\r\n\r\n", Expect.msg("CHUNKED", "", "end {X-A: 1, x-b: 2}"));
        for (String name : new String[] {"Content-Length", "Transfer-Encoding", "Host", "Trailer", "content-length",
                "HOST"}) {
            badChunks("trailer containing " + name, "5\r\nhello\r\n0\r\n" + name + ": 5\r\n\r\n");
        }
        badChunks("obs-fold in trailers", "0\r\nX-A: 1\r\n 2\r\n\r\n");
        badChunks("whitespace before the first trailer", "0\r\n X-A: 1\r\n\r\n");
        badChunks("control character in a trailer value", "0\r\nX-A: 1\u0000\r\n\r\n");
        badChunks("trailer without a colon", "0\r\nX-A\r\n\r\n");
        chunked("last chunk missing (peer closes after a chunk)", "5\r\nhello\r\n",
                Expect.msg("CHUNKED", "hello", "premature-close"));
        chunked("peer closes inside chunk data", "5\r\nhel", Expect.msg("CHUNKED", "hel", "premature-close"));
        chunked("peer closes inside the trailers", "5\r\nhello\r\n0\r\nX-A: 1\r\n",
                Expect.msg("CHUNKED", "hello", "premature-close"));
        same("§2", "peer closes inside a Content-Length body", "Content-Length: 10\r\n", "hello",
                Expect.msg("LENGTH(10)", "hello", "premature-close"));

        // ---- §3 field syntax ---------------------------------------------------------------------
        s = "§3";
        fail(s, "obs-fold continuation line (space)", "X-A: a\r\n b\r\n", "");
        fail(s, "obs-fold continuation line (tab)", "X-A: a\r\n\tb\r\n", "");
        fail(s, "whitespace between name and colon (space)", "X-A : a\r\n", "");
        fail(s, "whitespace between name and colon (tab)", "X-A\t: a\r\n", "");
        fail(s, "whitespace before the first header line (space)", " X-A: a\r\n", "");
        fail(s, "whitespace before the first header line (tab)", "\tX-A: a\r\n", "");
        fail(s, "header line without a colon", "X-A a\r\n", "");
        fail(s, "header line that is a bare name", "X-A\r\n", "");
        for (String name : new String[] {"X(A)", "\u0001Transfer-Encoding", "Transfer-Encoding\u0001", "X\u007fA", "\u00c4",
                "@", "", "X/Y", "\"X\"", "X{A}", "X A", "\u0000X", "X\u0000", "X;Y", "X=Y", "[X]",
                "Transfer-Encoding\u000b", "\u000bTransfer-Encoding", "Content-Length\u00a0", "X\\Y"}) {
            fail(s, "header name '" + Wire.escape(name) + "'", name + ": chunked\r\n", "");
        }
        same(s, "header name with every token punctuation", "!#$%&'*+-.^_`|~09azAZ: x\r\n", "",
                Expect.msg("NONE", "").withHead("!#$%&'*+-.^_`|~09azAZ: x"));
        for (char c : new char[] {0, 1, 7, 8, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f}) {
            fail(s, "header value with control " + Wire.escape(String.valueOf(c)), "X-A: a" + c + "b\r\n", "");
        }
        fail(s, "bare CR inside a header value", "X-A: a\rb\r\n", "");
        fail(s, "bare CR after a header name", "X-A\r: a\r\n", "");
        fail(s, "CR before the CRLF of a field line", "X-A: a\r\r\n", "");
        fail(s, "bare CR as the line terminator", "X-A: a\rX-B: b\r\n", "");
        same(s, "HTAB inside a header value", "X-A: a\tb\r\n", "", Expect.msg("NONE", "").withHead("X-A: a\\x09b"));
        same(s, "obs-text in a header value", "X-A: caf\u00e9\r\n", "", Expect.msg("NONE", "").withHead("X-A: caf\\xe9"));
        same(s, "UTF-8 in a header value", "X-A: \u00e2\u0084\u00aa\r\n", "",
                Expect.msg("NONE", "").withHead("X-A: \\xe2\\x84\\xaa"));
        same(s, "empty header value", "X-A:\r\n", "", Expect.msg("NONE", "").withHead("{X-A: , "));
        same(s, "value of only spaces", "X-A:    \r\n", "", Expect.msg("NONE", "").withHead("{X-A: , "));
        same(s, "no space after the colon", "X-A:b\r\n", "", Expect.msg("NONE", "").withHead("{X-A: b, "));
        same(s, "bare LF line ends in the fields", "X-A: a\nX-B: b\n", "",
                Expect.msg("NONE", "").withHead("X-A: a, X-B: b"));
        same(s, "repeated fields keep order and case", "x-a: 1\r\nX-A: 2\r\nX-b: 3\r\nx-A: 4\r\n", "",
                Expect.msg("NONE", "").withHead("x-a: 1, X-A: 2, X-b: 3, x-A: 4"));
    }

    static Stream<Arguments> rows() {
        return Wire.withEveryFeed(ROWS);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rows")
    void asRequest(Row row, Feed feed) {
        String head = "POST / " + row.version() + "\r\n" + row.fields() + "Host: example.com\r\n\r\n";
        List<String> events = Wire.decode(new Http1RequestDecoder(), null, feed, Wire.bytes(head + row.body()), true);
        check(events, row.request(), "POST / " + row.version() + " ", 400);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rows")
    void asResponse(Row row, Feed feed) {
        String head = row.version() + " 200 OK\r\n" + row.fields() + "\r\n";
        if (row.response().fail() == false && row.response().framing().equals("NONE") && row.request().equals(row.response())) {
            // a response without framing fields runs until close: give it an explicit empty body
            head = row.version() + " 200 OK\r\n" + row.fields() + "Content-Length: 0\r\n\r\n";
            List<String> events = Wire.decode(new Http1ResponseDecoder(), d -> d.expect("GET"), feed,
                    Wire.bytes(head + row.body()), true);
            check(events, new Expect(false, "LENGTH(0)", "", "end", row.response().headHas()), row.version() + " 200 OK ", 502);
            return;
        }
        List<String> events = Wire.decode(new Http1ResponseDecoder(), d -> d.expect("GET"), feed,
                Wire.bytes(head + row.body()), true);
        check(events, row.response(), row.version() + " 200 OK ", 502);
    }

    private static void check(List<String> events, Expect expect, String headStart, int failStatus) {
        if (expect.fail()) {
            assertThat(events).as("events %s", events).isNotEmpty();
            assertThat(events.get(events.size() - 1)).startsWith("fail " + failStatus + " ");
            assertThat(events.stream().filter(e -> e.startsWith("fail "))).hasSize(1);
            return;
        }
        List<String> expected = new ArrayList<>();
        assertThat(events).as("events").isNotEmpty();
        String head = events.get(0);
        assertThat(head).startsWith(headStart + expect.framing() + " {");
        if (expect.headHas() != null) assertThat(head).contains(expect.headHas());
        expected.add(head);
        if (!expect.body().isEmpty()) expected.add("body:" + Wire.escape(expect.body()));
        expected.add(expect.end());
        Wire.assertEvents(events, expected);
    }
}
