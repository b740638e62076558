package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sluice.Sluice;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.TestFlows;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** block_list through the real proxy to a real origin (features.md §3). */
class BlockListTest {

    private static final int PASSES = 0;
    private static final int KILLED = -1;

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    /**
     * The spec's rows; ORIGIN stands for the local rig.origin(). Requests that should pass go to it (the
     * spec's host names would need the network); blocked ones may name any host, since a blocked
     * request is never resolved.
     */
    static Stream<Arguments> specTable() {
        return Stream.of(
                // rules, URL, Cookie header, expected status (0: reaches the origin, -1: killed)
                arguments(List.of(":~d google-analytics.com:404"), "http://www.google-analytics.com/x", null, 404),
                arguments(List.of(":~d google-analytics.com:404"), "ORIGIN/x", null, PASSES),
                arguments(List.of(":~d example.com$:444"), "http://example.com/", null, KILLED),
                arguments(List.of(":!~d ^127\\.0\\.0\\.1$:403"), "ORIGIN/", null, PASSES),
                arguments(List.of(":!~d ^127\\.0\\.0\\.1$:403"), "http://other.org/", null, 403),
                arguments(List.of(":~u example.org:404"), "https://example.org/images/test.jpg", null, 404),
                arguments(List.of(":~u example.com:404"), "ORIGIN/images/test.jpg", null, PASSES),
                arguments(List.of("/!jpg/418"), "ORIGIN/images/test.jpg", null, PASSES),
                arguments(List.of("/!png/418"), "http://example.org/images/test.jpg", null, 418),
                arguments(List.of(":~u test:404"), "http://example.org/images/TEST.jpg", null, 404),
                arguments(List.of("|~u /DATA|500"), "http://example.org/data", null, 500),
                arguments(List.of("|~u /DATA|500"), "http://example.org/DATA", null, 500),
                arguments(List.of("|~hq Cookie:\\sfoo=BAR|403"), "ORIGIN/", "foo=bar; k=v", 403),
                arguments(List.of("|~hq Cookie:\\sfoo=BAR|403"), "ORIGIN/", "foo=baz", PASSES),
                arguments(List.of("|~all|404", "|~all|500"), "http://example.org/", null, 500),
                arguments(List.of("|~all|404", "|~all|444"), "http://example.org/", null, KILLED),
                arguments(List.of("|~all|444", "|~all|404"), "http://example.org/", null, KILLED),
                arguments(List.of("//404"), "http://example.org/", null, 404),
                arguments(List.of("/~all/999"), "http://example.org/", null, 999));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("specTable")
    void blocksAsTheSpecTableSays(List<String> rules, String url, String cookie, int expected) throws Exception {
        rig.proxy().sluice().options().update(Map.of("block_list", rules));
        RawRequest request = RawRequest.get(url.replace("ORIGIN", rig.origin().url("")));
        if (cookie != null) request.header("cookie", cookie);
        RawResponse response = rig.proxy().send(request);
        Flow flow = rig.proxy().sluice().flows().snapshot().get(0);
        if (expected == PASSES) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(flow.metadata()).doesNotContainKey("blocklisted");
            assertThat(rig.origin().take().target()).isEqualTo(flow.request().path());
            return;
        }
        assertThat(response.status()).isEqualTo(expected);
        assertThat(flow.metadata()).containsEntry("blocklisted", true);
        assertThat(rig.origin().connectionCount()).as("the server is not contacted").isZero();
        if (expected == KILLED) assertThat(flow.error().msg()).isEqualTo(FlowError.KILLED);
    }

    @Test
    void aBlockedRequestGetsAnEmptyResponseWithTheStandardReason() throws Exception {
        rig.proxy().set("block_list=:~d ads.test:404");
        RawResponse response = rig.proxy().send(RawRequest.get("http://ads.test/banner.js"));
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(response.headerLines()).containsExactly("Server: Sluice " + Sluice.VERSION, "Content-Length: 0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aCodeWithoutStandardReasonHasAnEmptyReason() throws Exception {
        rig.proxy().set("block_list=/~all/999");
        assertThat(rig.proxy().send(RawRequest.get("http://ads.test/")).statusLine()).isEqualTo("HTTP/1.1 999 ");
    }

    @Test
    void blockedResponsesStillPassTheResponseHooks() throws Exception {
        rig.proxy().set("block_list=:~d ads.test:403", "modify_headers=/~s/X-Blocked/yes");
        RawResponse response = rig.proxy().send(RawRequest.get("http://ads.test/"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("X-Blocked")).isEqualTo("yes");
    }

    @Test
    void aRuleSetAtRunTimeAppliesToTheNextRequest() throws Exception {
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/second"))).status()).isEqualTo(200);
        rig.proxy().sluice().commands().execute("set block_list ':~u /second:410'");
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/second"))).status()).isEqualTo(410);
        rig.proxy().sluice().commands().execute("set block_list");
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/second"))).status()).isEqualTo(200);
    }

    @Test
    void aBadItemIsRefusedAndThePreviousListStays() throws Exception {
        rig.proxy().set("block_list=:~d ads.test:404");
        assertThatThrownBy(() -> rig.proxy().sluice().commands().execute("set block_list ':~d ads.test:410' '/~u index.html/abc'"))
                .hasMessage("Cannot parse block_list option /~u index.html/abc: Invalid HTTP status code: abc");
        assertThat(rig.proxy().sluice().options().list("block_list")).containsExactly(":~d ads.test:404");
        assertThat(rig.proxy().send(RawRequest.get("http://ads.test/")).status()).isEqualTo(404);
    }

    @Test
    void flowsWithAResponseAnErrorOrNotLiveAreLeftAlone() throws Exception {
        BlockList blockList = rig.proxy().sluice().addons().find(BlockList.class);
        rig.proxy().set("block_list=/~all/404");
        Flow loaded = TestFlows.http("GET", "http://ads.test/").build();
        Flow answered = TestFlows.http("GET", "http://ads.test/").response(200).live().build();
        Flow failed = TestFlows.http("GET", "http://ads.test/").error("Client disconnected.").live().build();
        for (Flow flow : List.of(loaded, answered, failed)) {
            blockList.request(flow);
            assertThat(flow.metadata()).doesNotContainKey("blocklisted");
        }
        assertThat(loaded.response()).isNull();
        assertThat(answered.response().statusCode()).isEqualTo(200);
    }
}
