package dev.sluice.filter;

import static dev.sluice.testsupport.TestFlows.http;
import static dev.sluice.testsupport.TestFlows.tcp;
import static dev.sluice.testsupport.TestFlows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.TestFlows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each operator matches (filters.md §1, §2, §5), one row per operator. */
class FlowFilterTest {

    private static final String URL = "https://example.com/path";

    private static Named<Flow> flow(String description, TestFlows.Builder builder) {
        return named(description, builder.build());
    }

    private static Arguments row(String expression, Named<Flow> matching, Named<Flow> notMatching) {
        return Arguments.of(expression, matching, notMatching);
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                row("~all", flow("tcp flow", tcp("example.com", 22)), null),
                row("~http", flow("http flow", http("GET", URL)), flow("tcp flow", tcp("example.com", 22))),
                row("~tcp", flow("tcp flow", tcp("example.com", 22)), flow("http flow", http("GET", URL))),
                row("~dns", null, flow("http flow", http("GET", URL))),
                row("~udp", null, flow("tcp flow", tcp("example.com", 53))),
                row("~websocket", flow("upgraded", http("GET", URL).response(101).webSocket()),
                        flow("plain", http("GET", URL).response(200))),
                row("~q", flow("request only", http("GET", URL)), flow("answered", http("GET", URL).response(200))),
                row("~s", flow("answered", http("GET", URL).response(200)), flow("request only", http("GET", URL))),
                row("~e", flow("failed", http("GET", URL).error("Connection killed.")), flow("ok", http("GET", URL))),
                row("~marked", flow("marked", http("GET", URL).marked(":default:")), flow("unmarked", http("GET", URL))),
                row("~replay", flow("client replay", http("GET", URL).replay(Flow.Replay.REQUEST)),
                        flow("original", http("GET", URL))),
                row("~replayq", flow("client replay", http("GET", URL).replay(Flow.Replay.REQUEST)),
                        flow("server replay", http("GET", URL).replay(Flow.Replay.RESPONSE))),
                row("~replays", flow("server replay", http("GET", URL).replay(Flow.Replay.RESPONSE)),
                        flow("client replay", http("GET", URL).replay(Flow.Replay.REQUEST))),
                row("~a", flow("png", http("GET", URL).responseHeader("Content-Type", "image/png")),
                        flow("html", http("GET", URL).responseHeader("Content-Type", "text/html"))),
                row("~h \"user-agent: curl\"", flow("curl", http("GET", URL).requestHeader("User-Agent", "curl/8.5.0")),
                        flow("firefox", http("GET", URL).requestHeader("User-Agent", "Firefox/120"))),
                row("~hq \"cookie: .*session=\"", flow("cookie", http("GET", URL).requestHeader("Cookie", "a=1; session=2")),
                        flow("set-cookie", http("GET", URL).responseHeader("Set-Cookie", "session=2"))),
                row("~hs \"^set-cookie:\"", flow("set-cookie", http("GET", URL).responseHeader("Set-Cookie", "a=1")),
                        flow("cookie", http("GET", URL).requestHeader("Set-Cookie", "a=1").response(200))),
                row("~t json", flow("json request", http("POST", URL).requestHeader("Content-Type", "application/json; charset=utf-8")),
                        flow("html", http("GET", URL).responseHeader("Content-Type", "text/html"))),
                row("~tq json", flow("json request", http("POST", URL).requestHeader("content-type", "application/json")),
                        flow("json response", http("GET", URL).responseHeader("Content-Type", "application/json"))),
                row("~ts \"^image/\"", flow("image response", http("GET", URL).responseHeader("Content-Type", "image/gif")),
                        flow("image request", http("PUT", URL).requestHeader("Content-Type", "image/gif"))),
                row("~b Привет", flow("utf-8 response", http("GET", URL).responseBody("<p>Привет, мир</p>")),
                        flow("other text", http("GET", URL).responseBody("<p>Hello</p>"))),
                row("~bq secret", flow("request body", http("POST", URL).requestBody("a=secret")),
                        flow("response body", http("GET", URL).responseBody("secret"))),
                row("~bs \"\\\"error\\\"\"", flow("error json", http("GET", URL).responseBody("{\"error\": 1}")),
                        flow("request", http("POST", URL).requestBody("{\"error\": 1}"))),
                row("~m get", flow("GET", http("GET", URL)), flow("POST", http("POST", URL))),
                row("~d example.com", flow("subdomain", http("GET", "https://www.example.com/")),
                        flow("other host", http("GET", "https://example.org/"))),
                row("~u /LOGIN", flow("login", http("GET", "https://example.com/login?next=/")),
                        flow("logout", http("GET", "https://example.com/logout"))),
                row("/api/v[12]/", flow("v2", http("GET", "https://example.com/api/v2/users")),
                        flow("v3", http("GET", "https://example.com/api/v3/users"))),
                row("~src 127.0.0.1", flow("local", http("GET", URL).client("127.0.0.1", 40000)),
                        flow("remote", http("GET", URL).client("10.1.2.3", 40000))),
                row("~dst \":8443$\"", flow("port 8443", http("GET", "https://example.com:8443/")),
                        flow("port 443", http("GET", URL))),
                row("~c 404", flow("404", http("GET", URL).response(404)), flow("200", http("GET", URL).response(200))),
                row("~c 5xx", flow("503", http("GET", URL).response(503)), flow("404", http("GET", URL).response(404))),
                row("~meta \"blocklisted: True\"", flow("blocked", http("GET", URL).meta("blocklisted", true)),
                        flow("not blocked", http("GET", URL).meta("blocklisted", false))),
                row("~marker :grapes:", flow("grapes", http("GET", URL).marked(":grapes:")),
                        flow("default marker", http("GET", URL).marked(":default:"))),
                row("~comment todo", flow("commented", http("GET", URL).comment("TODO: check")),
                        flow("other comment", http("GET", URL).comment("done"))));
    }

    @ParameterizedTest(name = "{0}: {1} matches, {2} does not")
    @MethodSource("operators")
    void operatorMatchesOneFlowAndNotTheOther(String expression, Flow matching, Flow notMatching) {
        FlowFilter filter = FlowFilter.parse(expression);
        if (matching != null) assertThat(filter.test(matching)).as("matching flow").isTrue();
        if (notMatching != null) assertThat(filter.test(notMatching)).as("non-matching flow").isFalse();
    }

    @Test
    void everyOperatorHasARowAndTheTableListsExactlyTheSpecOperators() {
        Set<String> tested = operators().map(a -> a.get()[0].toString().split(" ")[0])
                .filter(code -> code.startsWith("~")).collect(Collectors.toSet());
        Set<String> table = FlowFilter.OPERATORS.stream().map(Operator::code).collect(Collectors.toSet());
        assertThat(table).containsExactlyInAnyOrder("~all", "~http", "~tcp", "~dns", "~udp", "~websocket", "~q", "~s",
                "~e", "~marked", "~replay", "~replayq", "~replays", "~a", "~h", "~hq", "~hs", "~t", "~tq", "~ts", "~b",
                "~bq", "~bs", "~m", "~d", "~u", "~src", "~dst", "~c", "~meta", "~marker", "~comment");
        assertThat(tested).isEqualTo(table);
        assertThat(FlowFilter.OPERATORS).extracting(Operator::code).isSorted();
        assertThat(FlowFilter.OPERATORS).allSatisfy(op -> assertThat(op.help()).isNotBlank());
        assertThat(FlowFilter.OPERATORS.stream().filter(Operator::takesArgument).map(Operator::code))
                .containsExactlyInAnyOrder("~h", "~hq", "~hs", "~t", "~tq", "~ts", "~b", "~bq", "~bs", "~m", "~d",
                        "~u", "~src", "~dst", "~c", "~meta", "~marker", "~comment");
    }

    // ---------------------------------------------------------------- details of filters.md §1

    @Test
    void domainMatchesTheConnectionHostOrThePrettyHost() {
        Flow viaHostHeader = http("GET", "http://10.0.0.1/").hostHeader("api.example.com").build();
        assertThat(FlowFilter.parse("~d api\\.example").test(viaHostHeader)).isTrue();
        assertThat(FlowFilter.parse("~d 10\\.0\\.0\\.1").test(viaHostHeader)).isTrue();
        assertThat(FlowFilter.parse("~d \"^(.+\\.)?example\\.com$\"").test(http("GET", "https://a.b.example.com/").build())).isTrue();
        assertThat(FlowFilter.parse("~d \"^(.+\\.)?example\\.com$\"").test(http("GET", "https://example.com.evil.org/").build())).isFalse();
    }

    @Test
    void urlIsThePrettyUrlWithoutDefaultPort() {
        Flow flow = http("GET", "http://10.0.0.1:8080/x").hostHeader("shop.example:8080").build();
        assertThat(FlowFilter.parse("~u \"^http://shop\\.example:8080/x$\"").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~u \"^https://example\\.com/path$\"").test(http("GET", URL).build())).isTrue();
        assertThat(FlowFilter.parse("~u \"\\.(png|jpe?g)$\"").test(http("GET", "https://example.com/a.JPG").build())).isTrue();
    }

    @Test
    void malformedHostHeaderFallsBackToTheConnectionAddress() {
        Flow flow = http("GET", "http://example.com/x").hostHeader("bad:port").build();
        assertThat(FlowFilter.parse("~u ^http://example\\.com/x$").test(flow)).isTrue();
    }

    @Test
    void headerBlockIsMultiLineWithDollarBeforeCrlf() {
        Flow flow = http("GET", URL).responseHeader("Content-Type", "text/html").responseHeader("X-Other", "1").build();
        assertThat(FlowFilter.parse("~h \"^content-type: text/html$\"").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~hs \"^x-other: 1\\r?$\"").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~hs \"^text/html\"").test(flow)).isFalse();
        assertThat(FlowFilter.parse("~hs \"(?-i)^Content-Type: \"").test(flow)).as("original name case").isTrue();
    }

    @Test
    void headerFiltersSeeChangesMadeAfterAnEarlierEvaluation() {
        Flow flow = http("GET", URL).requestHeader("X-A", "1").build();
        FlowFilter filter = FlowFilter.parse("~hq \"^x-b: 2$\"");
        assertThat(filter.test(flow)).isFalse();
        flow.request().headers().add("X-B", "2");
        assertThat(filter.test(flow)).isTrue();
        flow.request().headers().set("x-b", "3");
        assertThat(filter.test(flow)).isFalse();
        flow.request().headers().setAll("X-B", List.of("1", "2"));
        assertThat(filter.test(flow)).isTrue();
        flow.request().headers().remove("x-b");
        assertThat(filter.test(flow)).isFalse();
        assertThat(flow.request().headers().block()).isEqualTo("Host: example.com\r\nX-A: 1\r\n");
        flow.request().headers().clear();
        assertThat(flow.request().headers().block()).isEmpty();
    }

    @Test
    void contentTypeLooksAtEveryContentTypeHeader() {
        Flow flow = http("GET", URL).responseHeader("Content-Type", "text/plain").responseHeader("CONTENT-TYPE", "font/woff2").build();
        assertThat(FlowFilter.parse("~ts woff2").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~a").test(flow)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd", "identity", "gzip, br"})
    void bodiesAreSearchedDecoded(String encoding) {
        Flow flow = http("GET", URL).responseBody(utf8("<p>Привет, мир</p>"), encoding)
                .requestBody(utf8("token=abc"), encoding).build();
        if (!encoding.equals("identity")) {
            assertThat(flow.response().rawContent()).as("stored encoded").isNotEqualTo(utf8("<p>Привет, мир</p>"));
        }
        assertThat(FlowFilter.parse("~b Привет").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~bs \"Привет, мир\"").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~bq token=abc").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~bq Привет").test(flow)).isFalse();
    }

    @Test
    void undecodableBodyIsSearchedRaw() {
        Flow flow = http("GET", URL).responseHeader("Content-Encoding", "gzip").responseBody("not really gzip").build();
        assertThat(FlowFilter.parse("~bs \"really gzip\"").test(flow)).isTrue();
    }

    @Test
    void emptyBodiesAreSearchedAbsentOnesAreNot() {
        assertThat(FlowFilter.parse("~bs \"^$\"").test(http("GET", URL).response(204).build())).isTrue();
        assertThat(FlowFilter.parse("~bs \"^$\"").test(http("GET", URL).absentResponseBody().build())).isFalse();
        assertThat(FlowFilter.parse("~bq \"^$\"").test(http("GET", URL).build())).as("no request body kept").isFalse();
    }

    @Test
    void bodyDotMatchesNewlinesAndAnyByte() {
        Flow flow = http("POST", URL).requestBody(new byte[] {'a', '\n', (byte) 0xff, 'b'}, null).build();
        assertThat(FlowFilter.parse("~bq a.*b").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~bq \"a\\n\\xffb\"").test(flow)).isTrue();
    }

    @Test
    void bodyOperatorsSearchWebSocketAndTcpMessagesBySide() {
        Flow ws = http("GET", URL).response(101).webSocket().message(true, "hello server").message(false, "hello client").build();
        Flow tcpFlow = tcp("example.com", 22).message(true, "hello server").message(false, "hello client").build();
        for (Flow f : List.of(ws, tcpFlow)) {
            assertThat(FlowFilter.parse("~b server").test(f)).isTrue();
            assertThat(FlowFilter.parse("~bq server").test(f)).isTrue();
            assertThat(FlowFilter.parse("~bs server").test(f)).isFalse();
            assertThat(FlowFilter.parse("~bs client").test(f)).isTrue();
        }
        assertThat(FlowFilter.parse("~websocket").test(ws)).isTrue();
        assertThat(FlowFilter.parse("~http").test(ws)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"~h x", "~hq x", "~hs x", "~t x", "~tq x", "~ts x", "~m x", "~d x", "~u x", "x", "~c 200",
            "~q", "~s", "~a", "~http", "~websocket"})
    void httpOperatorsAreFalseOnTcpFlowsSoTheirNegationIsTrue(String expression) {
        Flow tcpFlow = tcp("x.example", 200).message(true, "x").build();
        assertThat(FlowFilter.parse(expression).test(tcpFlow)).isFalse();
        assertThat(FlowFilter.parse("!" + (expression.contains(" ") ? "(" + expression + ")" : expression)).test(tcpFlow)).isTrue();
    }

    @Test
    void sourceAndDestinationRenderIpv6WithoutBrackets() {
        Flow flow = http("GET", "https://[2001:db8::1]:8443/").client("::1", 51234).build();
        assertThat(FlowFilter.parse("~src ^::1:51234$").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~dst ^2001:db8::1:8443$").test(flow)).isTrue();
        Flow mapped = http("GET", URL).client("::ffff:127.0.0.1", 5).build();
        assertThat(FlowFilter.parse("~src ^127\\.0\\.0\\.1:5$").test(mapped)).isTrue();
    }

    @Test
    void unknownAddressesMatchNothing() {
        Flow flow = http("GET", URL).noClientAddress().noServer().build();
        assertThat(FlowFilter.parse("~src .").test(flow)).isFalse();
        assertThat(FlowFilter.parse("~dst .").test(flow)).isFalse();
        assertThat(FlowFilter.parse("~dst example").test(http("GET", URL).build())).isTrue();
    }

    @Test
    void metadataIsRenderedAsPythonWouldPrintIt() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("key", "value");
        Flow flow = http("GET", URL).meta("a", 1).meta("b", "string").meta("c", nested).meta("d", true)
                .meta("e", List.of(1.5, "it's", Map.of())).meta("f", null).build();
        assertThat(FlowData.metadataText(flow)).isEqualTo(
                "a: 1\nb: string\nc: {'key': 'value'}\nd: True\ne: [1.5, \"it's\", {}]\nf: None");
        assertThat(FlowFilter.parse("~meta \"^c: \\{'key': 'value'\\}$\"").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~meta \"^b: string$\"").test(flow)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0", "0.1, 0.1", "100000.0, 100000.0", "1e16, 1e+16", "1.5e16, 1.5e+16", "0.0001, 0.0001",
            "0.00001, 1e-05", "-2.5, -2.5", "123456789.125, 123456789.125"})
    void floatsInMetadataUsePythonRepr(double value, String python) {
        assertThat(PythonRepr.floatRepr(value)).isEqualTo(python);
    }

    @Test
    void statusCodeClassesAcceptEitherCaseOfX() {
        Flow flow = http("GET", URL).response(201).build();
        assertThat(FlowFilter.parse("~c 2XX").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~c 2xX").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~c 201").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~c 3xx").test(flow)).isFalse();
        assertThat(FlowFilter.parse("~c 200").test(flow)).isFalse();
    }

    @Test
    void flowWithoutRequestDoesNotMatchRequestOperators() {
        Flow loadedTcp = tcp("example.com", 80).build();
        assertThat(FlowFilter.parse("~u example").test(loadedTcp)).isFalse();
        assertThat(FlowFilter.parse("~d example").test(loadedTcp)).isFalse();
        assertThat(FlowFilter.parse("~m .").test(loadedTcp)).isFalse();
        assertThat(FlowFilter.parse("~all").test(loadedTcp)).isTrue();
    }

    // ---------------------------------------------------------------- case (filters.md §2)

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "~m get                    | GET  /login            | true",
            "~u /LOGIN                 | GET  /login            | true",
            "~u \"(?-i)/Login\"        | GET  /Login            | true",
            "~u \"(?-i)/Login\"        | GET  /login            | false",
            "~u \"a(?-i:B)c\"          | GET  /ABC              | true",
            "~u \"a(?-i:B)c\"          | GET  /AbC              | false",
            "~h \"user-agent: curl\"   | GET  /                 | true",
            "~u /ПУТЬ                  | GET  /путь             | true",
            "~b ПРИВЕТ                 | POST /                 | false",
            "~b HELLO                  | POST /                 | true"})
    void regexOperatorsIgnoreCaseUnlessTheRegexSaysOtherwise(String expression, String request, boolean expected) {
        String[] parts = request.trim().split("\\s+");
        Flow flow = http(parts[0], "https://example.com" + parts[1]).requestHeader("User-Agent", "curl/8.5.0")
                .requestBody("привет hello").build();
        assertThat(FlowFilter.parse(expression).test(flow)).isEqualTo(expected);
    }

    @Test
    void textOperatorsFoldUnicodeCase() {
        Flow flow = http("GET", URL).comment("Überprüfen").marked("X").build();
        assertThat(FlowFilter.parse("~comment ÜBERPRÜFEN").test(flow)).isTrue();
        assertThat(FlowFilter.parse("~marker ^x$").test(flow)).isTrue();
    }
}
