package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.option.OptionSpec;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * modify_body through the real proxy (features.md §7): request bodies as the origin receives
 * them, response bodies as the client receives them.
 */
class ModifyBodyTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    /** Sets the rules, posts the body and returns what the origin received, as hex. */
    private String requestBodyAfter(List<String> rules, String body) throws Exception {
        rig.proxy().sluice().options().update(Map.of("modify_body", rules));
        rig.proxy().send(RawRequest.of("POST", rig.origin().url("/")).body(body));
        Origin.Received received = rig.origin().take();
        assertThat(received.header("Content-Length")).isEqualTo(Integer.toString(received.body().length));
        return HexFormat.of().formatHex(received.body());
    }

    /** An origin answering every request with this body, encoded as given. */
    private void answerWith(byte[] body, String contentEncoding) {
        rig.origin().setHandler((req, out) -> {
            Map<String, String> headers = contentEncoding == null ? Map.of() : Map.of("Content-Encoding", contentEncoding);
            Origin.writeResponse(out, 200, "OK", headers, body);
            return true;
        });
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '¦', value = {
            // rules (;; between rules) ¦ request body ¦ body the origin receives, hex
            "/~q/foo/bar                                          ¦ a foo foo     ¦ 6120626172206261 72",
            "/foo/bar ;; /bar/baz ;; /foo/oh noes! ;; /bar/oh noes! ¦ foo         ¦ 62617a",
            "/~q/foo/bar\\x00                                     ¦ foo           ¦ 62617200",
            "/~q/foo/bar\\n                                       ¦ foo           ¦ 6261720a",
            "/~q/\\bcat\\b/dog                                    ¦ cat concatenate ¦ 646f6720636f6e636174656e617465",
            "/~q/(\\w+)@x/\\1@y                                   ¦ me@x          ¦ 014079",
            "/~q/{\"a\":/{\"b\":                                  ¦ {\"a\":1}     ¦ 7b2262223a317d",
            "/~s/foo/bar                                          ¦ foo           ¦ 666f6f",
            "one/two/three                                        ¦ ne/tw         ¦ 2f7468726565",
    })
    void rewritesRequestBodiesAsTheSpecTableSays(String rules, String body, String expectedHex) throws Exception {
        assertThat(requestBodyAfter(List.of(rules.split(" ;; ")), body)).isEqualTo(expectedHex.replace(" ", ""));
    }

    @Test
    void responseRulesRewriteWhatTheClientReceives() throws Exception {
        rig.proxy().set("modify_body=/~s/foo/bar");
        RawResponse response = rig.proxy().send(RawRequest.of("POST", rig.origin().url("/")).body("foo"));
        assertThat(response.bodyText()).isEqualTo("method=POST\ntarget=/\nbody=bar");
        assertThat(response.header("Content-Length")).isEqualTo("29");
        assertThat(rig.origin().take().bodyText()).isEqualTo("foo");
    }

    @Test
    void anEncodedBodyIsRewrittenDecodedAndEncodedAgain() throws Exception {
        byte[] gzipped = ContentEncoding.encode("hello world".getBytes(StandardCharsets.UTF_8), "gzip");
        answerWith(gzipped, "gzip");
        rig.proxy().set("modify_body=/~s/world/there");
        RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/")));
        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
        assertThat(ContentEncoding.decode(response.body(), "gzip")).isEqualTo("hello there".getBytes(StandardCharsets.UTF_8));
    }

    /** features.md §14: over body_spill_threshold the body is on disk, and rewritten file to file across windows. */
    @ParameterizedTest
    @CsvSource({"identity", "gzip"})
    void aBodyOnDiskIsRewrittenFileToFile(String encoding) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < (1 << 20); i++) text.append("line ").append(i).append(i % 997 == 0 ? " foo\n" : "\n");
        // one match straddling the first window's end
        text.replace((256 << 10) - 2, (256 << 10) + 1, "foo");
        String plain = text.toString();
        answerWith(ContentEncoding.encode(plain.getBytes(StandardCharsets.UTF_8), encoding), encoding);
        rig.proxy().set("body_spill_threshold=64k", "modify_body=/~s/foo/bar");

        RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/big")));

        byte[] expected = plain.replace("foo", "bar").getBytes(StandardCharsets.UTF_8);
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
        assertThat(ContentEncoding.decode(response.body(), encoding)).isEqualTo(expected);
        Flow flow = rig.proxy().sluice().flows().snapshot().get(0);
        assertThat(flow.response().body()).isInstanceOf(dev.sluice.flow.FileBody.class);
    }

    @Test
    void aBodyThatCannotBeDecodedIsLeftAloneWithAWarning() throws Exception {
        answerWith("not gzip".getBytes(StandardCharsets.UTF_8), "gzip");
        rig.proxy().set("modify_body=/~s/not/yes");
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/bad"))).bodyText()).isEqualTo("not gzip");
        assertThat(rig.proxy().logged("modify_body: cannot decode gzip body of " + rig.origin().url("/bad") + "; rule skipped")).isTrue();
    }

    @Test
    void aRuleOverItsTimeBudgetIsSkippedWithAWarning() throws Exception {
        String catastrophic = "(.*){1,32000}[bc]";
        assertThat(requestBodyAfter(List.of("|~q|" + catastrophic + "|x"), "a".repeat(40))).isEqualTo(hex("a".repeat(40)));
        assertThat(rig.proxy().logged("Regex " + catastrophic + " exceeded its time budget on " + rig.origin().url("/")
                + "; treated as no match")).isTrue();
    }

    @Test
    void anAtFileReplacementIsReadOnEveryUse() throws Exception {
        Path exploit = Files.writeString(dir.resolve("xss-exploit"), "<script>\\u0041</script>");
        rig.proxy().set("modify_body=:~q:foo:@" + exploit);
        assertThat(requestBodyAfter(List.of(":~q:foo:@" + exploit), "foo")).isEqualTo(hex("<script>\\u0041</script>"));
        Files.writeString(exploit, "changed");
        assertThat(requestBodyAfter(List.of(":~q:foo:@" + exploit), "foo")).isEqualTo(hex("changed"));
        Files.delete(exploit);
        assertThat(requestBodyAfter(List.of(":~q:foo:@" + exploit), "foo")).isEqualTo(hex("foo"));
        assertThat(rig.proxy().logged("Could not read replacement file: No such file or directory: " + exploit)).isTrue();
    }

    @Test
    void aRuleSetAtRunTimeAppliesToTheNextRequest() throws Exception {
        assertThat(requestBodyAfter(List.of(), "foo")).isEqualTo(hex("foo"));
        rig.proxy().sluice().commands().execute("set modify_body /~q/foo/bar");
        rig.proxy().send(RawRequest.of("POST", rig.origin().url("/")).body("foo"));
        assertThat(rig.origin().take().bodyText()).isEqualTo("bar");
    }

    @Test
    void badItemsAreRefusedAndTheOldValueStays() throws Exception {
        rig.proxy().set("modify_body=/a/b");
        assertThatThrownBy(() -> rig.proxy().set("modify_body=/+/x"))
                .hasMessage("Cannot parse modify_body option /+/x: Invalid regular expression '+' (Dangling meta character '+')");
        assertThatThrownBy(() -> rig.proxy().set("modify_body=|a|@" + dir + "/nonexistent"))
                .hasMessage("Cannot parse modify_body option |a|@" + dir + "/nonexistent: Invalid file path: " + dir
                        + "/nonexistent (No such file or directory)");
        assertThatThrownBy(() -> rig.proxy().set("modify_body=/"))
                .hasMessage("Cannot parse modify_body option /: Invalid number of parameters (2 or 3 are expected)");
        assertThatThrownBy(() -> rig.proxy().set("modify_body=/a/\\x1"))
                .hasMessage("Cannot parse modify_body option /a/\\x1: invalid \\x escape at position 0");
        assertThat(rig.proxy().sluice().options().list("modify_body")).containsExactly("/a/b");
    }

    @Test
    void warnsOnceWhenStreamingIsActiveToo() throws Exception {
        rig.proxy().set("modify_body=/a/b", "stream_large_bodies=10m");
        assertThat(rig.proxy().log().stream().filter(e -> e.message()
                .equals("Both modify_body and stream_large_bodies are active. Streamed bodies will not be modified."))).hasSize(1);
    }

    @Test
    void flowsNotToTouchAreLeftAlone() throws Exception {
        rig.proxy().set("modify_body=/a/b");
        ModifyBody modifyBody = rig.proxy().sluice().addons().find(ModifyBody.class);
        Flow answered = TestFlows.http("POST", "http://example.com/").requestBody("a").response(200).responseBody("a").live().build();
        modifyBody.request(answered);
        Flow killed = TestFlows.http("GET", "http://example.com/").response(200).responseBody("a").live().build();
        killed.kill();
        modifyBody.response(killed);
        Flow streamed = TestFlows.http("GET", "http://example.com/").absentResponseBody().live().build();
        modifyBody.response(streamed);
        Flow loaded = TestFlows.http("GET", "http://example.com/").response(200).responseBody("a").build();
        modifyBody.response(loaded);
        for (Flow flow : List.of(answered, killed, streamed, loaded)) assertThat(flow.isPaused()).isFalse();
        assertThat(answered.request().text()).isEqualTo("a");
        assertThat(killed.response().text()).isEqualTo("a");
        assertThat(loaded.response().text()).isEqualTo("a");
        assertThat(streamed.response().body()).isNull();
    }
}
