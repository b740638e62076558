package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * modify_headers through the real proxy (features.md §8): request headers as the origin receives
 * them, response headers as the client receives them.
 */
class ModifyHeadersTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0";

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    @BeforeEach
    void start() {
        // the origin answers with a header "one: x" and its request target
        rig.origin().setHandler((req, out) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("one", "x");
            headers.put("Content-Type", "text/plain");
            Origin.writeResponse(out, 200, "OK", headers, req.target().getBytes(StandardCharsets.UTF_8));
            return true;
        });
    }

    private void rules(String... rules) throws Exception {
        rig.proxy().sluice().options().update(Map.of("modify_headers", List.of(rules)));
    }

    /** The request's header lines as the origin received them, Connection left out. */
    private List<String> received(RawRequest request) throws Exception {
        rig.proxy().send(request);
        return rig.origin().take().headers().stream().map(h -> h[0] + ": " + h[1]).filter(l -> !l.startsWith("Connection:")).toList();
    }

    private String host() {
        return "Host: 127.0.0.1:" + rig.origin().port();
    }

    @Test
    void replacesTheHostHeaderOfEveryRequest() throws Exception {
        rules("/~q/Host/example.org");
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly("Host: example.org");
    }

    @Test
    void addsHostOnlyToRequestsThatLackIt() throws Exception {
        rules("/~q & !~h Host:/Host/example.org");
        assertThat(received(RawRequest.get(rig.origin().url("/")).version("HTTP/1.0").host(null))).containsExactly("Host: example.org");
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly(host());
    }

    @Test
    void setsAValueReadFromAFileWithoutItsTrailingNewline() throws Exception {
        Path agent = Files.writeString(dir.resolve("useragent.txt"), "Agent/1.0\r\n\n");
        rules("/~q/User-Agent/@" + agent);
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("user-agent", "curl/8"))).containsExactly(host(), "User-Agent: Agent/1.0");
        Files.writeString(agent, "Agent/2.0\n");
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly(host(), "User-Agent: Agent/2.0");
    }

    @Test
    void anEmptyValueRemovesEveryHeaderOfThatName() throws Exception {
        rules("/~q/Host/");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("X", "1"))).containsExactly("X: 1");
    }

    @Test
    void theFilterPicksTheSide() throws Exception {
        rules("/~q/one/two", "/~s/one/three");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("ONE", "a").header("one", "b"))).containsExactly(host(), "one: two");
        RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/")));
        assertThat(response.headerLines()).contains("one: three").doesNotContain("one: x", "one: two");
    }

    @Test
    void twoRulesForOneNameGiveTwoLinesInRuleOrder() throws Exception {
        rules("/~s/one/two", "/~s/one/three");
        RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/")));
        assertThat(response.headerLines()).containsSubsequence("one: two", "one: three").doesNotContain("one: x");
    }

    @Test
    void aRuleWithoutFilterActsOnBothSides() throws Exception {
        rules("/one/");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("one", "1"))).containsExactly(host());
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/"))).header("one")).isNull();
    }

    @Test
    void aHeaderFilterSelectsTheRequests() throws Exception {
        rules("|~hq ^user-agent:.+Mozilla.+$|user-agent|Sluice-Agent");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("User-Agent", FIREFOX))).containsExactly(host(), "user-agent: Sluice-Agent");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("User-Agent", "curl/8.0"))).containsExactly(host(), "User-Agent: curl/8.0");
    }

    @Test
    void everyFilterSeesTheUnmodifiedFlow() throws Exception {
        rules("/~q/X-A/1", "/~h X-A/X-B/2");
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly(host(), "X-A: 1");
    }

    @Test
    void aFileThatDisappearsOrBreaksTheLineSkipsTheRuleWithAWarning() throws Exception {
        Path value = Files.writeString(dir.resolve("value.txt"), "v");
        rules("/~q/X-A/@" + value);
        Files.delete(value);
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("X-A", "kept"))).containsExactly(host(), "X-A: kept");
        assertThat(rig.proxy().logged("Could not read replacement file: No such file or directory: " + value)).isTrue();
        Files.writeString(value, "a\r\nX-Injected: 1\n");
        assertThat(received(RawRequest.get(rig.origin().url("/")).header("X-A", "kept"))).containsExactly(host(), "X-A: kept");
        assertThat(rig.proxy().logged("modify_headers: value from " + value + " contains CR, LF or NUL; rule skipped")).isTrue();
    }

    @Test
    void aRuleSetAtRunTimeAppliesToTheNextRequest() throws Exception {
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly(host());
        rig.proxy().sluice().commands().execute("set modify_headers /~q/X-Run/time");
        assertThat(received(RawRequest.get(rig.origin().url("/")))).containsExactly(host(), "X-Run: time");
    }

    @Test
    void badItemsAreRefusedAndTheOldValueStays() throws Exception {
        rules("/~q/X/1");
        assertThatThrownBy(() -> rig.proxy().set("modify_headers=/~q/X-A/line1\\r\\nX-B: injected"))
                .hasMessage("Cannot parse modify_headers option /~q/X-A/line1\\r\\nX-B: injected: invalid header value (contains CR, LF or NUL)");
        assertThatThrownBy(() -> rig.proxy().set("modify_headers=/~q/bad name/x"))
                .hasMessage("Cannot parse modify_headers option /~q/bad name/x: invalid header name 'bad name'");
        assertThatThrownBy(() -> rig.proxy().set("modify_headers=|~q|X|@" + dir + "/missing"))
                .hasMessage("Cannot parse modify_headers option |~q|X|@" + dir + "/missing: Invalid file path: " + dir
                        + "/missing (No such file or directory)");
        assertThatThrownBy(() -> rig.proxy().set("modify_headers=/~b/X/1/"))
                .hasMessage("Cannot parse modify_headers option /~b/X/1/: Invalid filter expression: '~b' (at 1: ~b needs an argument)");
        assertThat(rig.proxy().sluice().options().list("modify_headers")).containsExactly("/~q/X/1");
    }

    @Test
    void bodyFiltersAreAcceptedWithAWarning() throws Exception {
        rig.proxy().set("modify_headers=/~bq secret/X/1");
        assertThat(rig.proxy().logged("modify_headers: body filters never match here because headers are modified before bodies are read")).isTrue();
    }

    @Test
    void flowsNotToTouchAreLeftAlone() throws Exception {
        rules("/X/1");
        ModifyHeaders modifyHeaders = rig.proxy().sluice().addons().find(ModifyHeaders.class);
        Flow answered = TestFlows.http("GET", "http://example.com/").response(200).live().build();
        modifyHeaders.requestHeaders(answered);
        Flow killed = TestFlows.http("GET", "http://example.com/").response(200).live().build();
        killed.kill();
        modifyHeaders.responseHeaders(killed);
        Flow loaded = TestFlows.http("GET", "http://example.com/").response(200).build();
        modifyHeaders.requestHeaders(loaded);
        modifyHeaders.responseHeaders(loaded);
        for (Flow flow : List.of(answered, killed, loaded)) {
            assertThat(flow.request().headers().contains("X")).isFalse();
            assertThat(flow.response().headers().contains("X")).isFalse();
        }
    }
}
