package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Request;
import dev.sluice.testsupport.TestFlows;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server replay match key (features.md §10): which requests match under which settings. */
class ServerReplayKeyTest {

    private static final ServerReplayKey DEFAULT = new ServerReplayKey(false, List.of(), false, false, List.of(), List.of());

    private static Request get(String url) {
        return TestFlows.http("GET", url).build().request();
    }

    private static Request post(String url, String type, String body) {
        return TestFlows.http("POST", url).requestHeader("Content-Type", type).requestBody(body).build().request();
    }

    private static Request withHeader(String url, String name, String value) {
        return TestFlows.http("GET", url).requestHeader(name, value).build().request();
    }

    private static Request absentBody(String url) {
        Request r = get(url);
        r.setBody(null);
        return r;
    }

    private static Request emptyBody(String url) {
        Request r = get(url);
        r.setBody(dev.sluice.flow.Body.EMPTY);
        return r;
    }

    static Stream<Arguments> pairs() {
        ServerReplayKey ignoreContent = new ServerReplayKey(true, List.of("a"), false, false, List.of(), List.of());
        ServerReplayKey payload = new ServerReplayKey(false, List.of("ts"), false, false, List.of(), List.of());
        ServerReplayKey host = new ServerReplayKey(false, List.of(), true, false, List.of(), List.of());
        ServerReplayKey port = new ServerReplayKey(false, List.of(), false, true, List.of(), List.of());
        ServerReplayKey params = new ServerReplayKey(false, List.of(), false, false, List.of("param1", "param2"), List.of());
        ServerReplayKey tenant = new ServerReplayKey(false, List.of(), false, false, List.of(), List.of("X-Tenant"));
        String form = "application/x-www-form-urlencoded";
        String boundary = "multipart/form-data; boundary=XX";
        String multipartA = "--XX\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nv\r\n--XX\r\nContent-Disposition: form-data; name=\"ts\"\r\n\r\n1\r\n--XX--\r\n";
        String multipartB = multipartA.replace("\r\n\r\n1\r\n", "\r\n\r\n2\r\n");
        return Stream.of(
                Arguments.of("same request", DEFAULT, get("http://a.example/p?x=1"), get("http://a.example/p?x=1"), true),
                Arguments.of("method differs", DEFAULT, get("http://a.example/p"), post("http://a.example/p", "text/plain", ""), false),
                Arguments.of("scheme differs", DEFAULT, get("http://a.example/p"), get("https://a.example:80/p"), false),
                Arguments.of("last segment params ignored", DEFAULT, get("http://a.example/p;jsessionid=1"), get("http://a.example/p;x"), true),
                Arguments.of("query order matters", DEFAULT, get("http://a.example/p?a=1&b=2"), get("http://a.example/p?b=2&a=1"), false),
                Arguments.of("percent-decoded query", DEFAULT, get("http://a.example/p?a=x%20y"), get("http://a.example/p?a=x+y"), true),
                Arguments.of("blank value kept", DEFAULT, get("http://a.example/p?blank_value"), get("http://a.example/p?"), false),
                Arguments.of("body matters", DEFAULT, post("http://a.example/p", "text/plain", "foo"), post("http://a.example/p", "text/plain", "bar"), false),
                Arguments.of("absent differs from empty", DEFAULT, absentBody("http://a.example/p"), emptyBody("http://a.example/p"), false),
                Arguments.of("ignore content", ignoreContent, post("http://a.example/p", form, "a=1"), post("http://a.example/p", form, "b=2"), true),
                Arguments.of("ignore content: absent and body", ignoreContent, absentBody("http://a.example/p"), emptyBody("http://a.example/p"), true),
                Arguments.of("payload params, urlencoded", payload, post("http://a.example/p", form, "q=v&ts=1"), post("http://a.example/p", form, "q=v&ts=2"), true),
                Arguments.of("payload params, other field differs", payload, post("http://a.example/p", form, "q=v&ts=1"), post("http://a.example/p", form, "q=w&ts=1"), false),
                Arguments.of("payload params, multipart", payload, post("http://a.example/p", boundary, multipartA), post("http://a.example/p", boundary, multipartB), true),
                Arguments.of("payload params, JSON verbatim", payload, post("http://a.example/p", "application/json", "{\"ts\":1}"),
                        post("http://a.example/p", "application/json", "{\"ts\":2}"), false),
                Arguments.of("host matters", DEFAULT, get("http://a.example/p"), get("http://b.example/p"), false),
                Arguments.of("ignore host", host, get("http://a.example/p"), get("http://b.example/p"), true),
                Arguments.of("port matters", DEFAULT, get("http://a.example:81/p"), get("http://a.example:82/p"), false),
                Arguments.of("ignore port", port, get("http://a.example:81/p"), get("http://a.example:82/p"), true),
                Arguments.of("ignore params 1", params, get("http://a.example/test?param1=1"), get("http://a.example/test"), true),
                Arguments.of("ignore params 2", params, get("http://a.example/test?param1=2"), get("http://a.example/test?param2=1"), true),
                Arguments.of("ignore params 3", params, get("http://a.example/test"), get("http://a.example/test?param3=2"), false),
                Arguments.of("use headers: differs", tenant, withHeader("http://a.example/p", "X-Tenant", "a"), withHeader("http://a.example/p", "x-tenant", "b"), false),
                Arguments.of("use headers: absent only matches absent", tenant, get("http://a.example/p"), withHeader("http://a.example/p", "X-Tenant", "a"), false),
                Arguments.of("use headers: other headers ignored", tenant, withHeader("http://a.example/p", "User-Agent", "a"),
                        withHeader("http://a.example/p", "User-Agent", "b"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void requestsMatchWhenTheirKeysAreEqual(String name, ServerReplayKey settings, Request a, Request b, boolean match) {
        assertThat(settings.of(a).equals(settings.of(b))).isEqualTo(match);
    }
}
