package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.TestFlows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** map_local through the real proxy: files served, 404s, traversal refused (features.md §5). */
class MapLocalTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    @BeforeEach
    void start() throws Exception {
        write("static/foo/bar.css", "body{}");
        write("static/bar.css", "p{}");
        write("static/index.html", "<h1>static</h1>");
        write("static/sub/index.html", "<h1>sub</h1>");
        write("static/foo_bar.txt", "escaped");
        write("static/README", "no extension");
        write("main-local.js", "alert(1)");
        write("images/foo.jpg", "jpeg");
        write("images/images/bar.jpg", "nested jpeg");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private RawResponse get(String url) throws IOException {
        return rig.proxy().send(RawRequest.get(url));
    }

    @ParameterizedTest(name = "{0} serves {2} for {1}")
    @CsvSource(delimiter = '¦', value = {
            // rule, with DIR for the temp directory ¦ URL ¦ file served ¦ Content-Type
            "|example.com/main.js|DIR/main-local.js  ¦ http://example.com/main.js               ¦ main-local.js           ¦ text/javascript",
            "|example.com/static|DIR/static          ¦ http://example.com/static/foo/bar.css    ¦ static/foo/bar.css      ¦ text/css",
            "|example.com/static/foo|DIR/static      ¦ http://example.com/static/foo/bar.css    ¦ static/bar.css          ¦ text/css",
            "|~m GET|example.com/static|DIR/static   ¦ http://example.com/static/foo/bar.css    ¦ static/foo/bar.css      ¦ text/css",
            "|//example.org/images|DIR/images        ¦ http://example.org/images/foo.jpg        ¦ images/foo.jpg          ¦ image/jpeg",
            "|//example.org|DIR/images               ¦ http://example.org/images/bar.jpg        ¦ images/images/bar.jpg   ¦ image/jpeg",
            "|example.com/static|DIR/static          ¦ http://example.com/static                ¦ static/index.html       ¦ text/html",
            "|example.com/static|DIR/static          ¦ http://example.com/static/sub/?x=1       ¦ static/sub/index.html   ¦ text/html",
            "|example.com/static|DIR/static          ¦ http://example.com/static/foo%20bar.txt  ¦ static/foo_bar.txt      ¦ text/plain",
            "|example.com(/.*)|DIR/static            ¦ http://example.com/foo/bar.css           ¦ static/foo/bar.css      ¦ text/css",
            "|example.com/static|DIR/static          ¦ http://example.com/static/README         ¦ static/README           ¦ ",
    })
    void servesTheFileTheSpecTableNames(String rule, String url, String file, String contentType) throws Exception {
        rig.proxy().set("map_local=" + rule.replace("DIR", dir.toString()));
        RawResponse response = get(url);
        byte[] expected = Files.readAllBytes(dir.resolve(file));
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(response.body()).isEqualTo(expected);
        assertThat(response.header("Server")).isEqualTo("Sluice " + Sluice.VERSION);
        assertThat(response.header("Content-Type")).isEqualTo(contentType);
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(expected.length));
        assertThat(rig.origin().connectionCount()).as("the server is not contacted").isZero();
    }

    /** features.md §5 and §14: a file over body_spill_threshold is copied to disk, not held in memory, and sent from there. */
    @Test
    void aFileOverTheSpillThresholdIsServedFromDiskIntact() throws Exception {
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        rig.proxy().set("body_spill_threshold=64k", "map_local=|example.com/big.bin|" + dir.resolve("big.bin"));

        RawResponse response = get("http://example.com/big.bin");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(big.length));
        assertThat(response.body()).isEqualTo(big);
        dev.sluice.flow.Flow flow = rig.proxy().sluice().flows().snapshot().get(0);
        assertThat(flow.response().body()).isInstanceOf(dev.sluice.flow.FileBody.class);
    }

    @Test
    void aFilterThatDoesNotMatchSendsTheRequestUpstream() throws Exception {
        rig.proxy().set("map_local=|~m GET|/static|" + dir.resolve("static"));
        RawResponse response = rig.proxy().send(RawRequest.of("POST", rig.origin().url("/static/bar.css")).body("x"));
        assertThat(response.bodyText()).startsWith("method=POST");
        assertThat(rig.origin().take().target()).isEqualTo("/static/bar.css");
    }

    @Test
    void aMissingFileIsABare404WithoutContactingTheServer() throws Exception {
        rig.proxy().set("map_local=|/static|" + dir.resolve("static"));
        RawResponse response = get(rig.origin().url("/static/nope.txt"));
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(response.headerLines()).containsExactly("Content-Length: 0");
        assertThat(rig.origin().connectionCount()).isZero();
        Path nope = dir.resolve("static/nope.txt");
        assertThat(rig.proxy().logged("None of the local file candidates exist: " + nope + ", " + nope + "/index.html")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/static/../../etc/passwd,../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd,%2e%2e/%2e%2e/etc/passwd",
            "/static/..%5c..%5cetc,..%5c..%5cetc", "/static/a%00b,a%00b", "/static/%2fetc/passwd,%2fetc/passwd"})
    void traversalIsAnsweredLocallyWith404(String path, String suffix) throws Exception {
        Path staticDir = dir.resolve("static");
        rig.proxy().set("map_local=|example.com/static|" + staticDir);
        RawResponse response = get("http://example.com" + path);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(rig.proxy().logged("map_local: refused path outside " + staticDir + ": " + suffix)).isTrue();
        assertThat(rig.proxy().logged("None of the local file candidates exist")).as("nothing was tried").isFalse();
    }

    @Test
    void aComponentTooLongForTheFileSystemIsJustNotFound() throws Exception {
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"));
        assertThat(get("http://example.com/static/" + "x".repeat(300) + "/a.css").status()).isEqualTo(404);
    }

    @Test
    void aSymlinkPlacedInsideTheDirectoryIsFollowed() throws Exception {
        Path outside = write("outside/secret.txt", "linked");
        Files.createSymbolicLink(dir.resolve("static/link.txt"), outside);
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"));
        assertThat(get("http://example.com/static/link.txt").bodyText()).isEqualTo("linked");
    }

    @Test
    void filesAreReadFreshOnEveryRequest() throws Exception {
        Path file = dir.resolve("static/bar.css");
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"));
        assertThat(get("http://example.com/static/bar.css").bodyText()).isEqualTo("p{}");
        Files.writeString(file, "p{color:red}");
        assertThat(get("http://example.com/static/bar.css").bodyText()).isEqualTo("p{color:red}");
        Files.delete(file);
        assertThat(get("http://example.com/static/bar.css").status()).isEqualTo(404);
    }

    @Test
    void aMappedFileRemovedAfterSettingGives404() throws Exception {
        Path file = dir.resolve("main-local.js");
        rig.proxy().set("map_local=|example.com/main.js|" + file);
        Files.delete(file);
        assertThat(get("http://example.com/main.js").status()).isEqualTo(404);
    }

    @Test
    void aHeadRequestGetsTheHeadersWithoutBody() throws Exception {
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"));
        String raw = rig.proxy().raw("HEAD http://example.com/static/bar.css HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        assertThat(raw).isEqualTo("HTTP/1.1 200 OK\r\nServer: Sluice " + Sluice.VERSION
                + "\r\nContent-Type: text/css\r\nContent-Length: 3\r\n\r\n");
    }

    @Test
    void theResponseVersionFollowsTheRequest() throws Exception {
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"));
        RawResponse response = rig.proxy().send(RawRequest.get("http://example.com/static/bar.css").version("HTTP/1.0"));
        assertThat(response.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(response.bodyText()).isEqualTo("p{}");
    }

    @Test
    void localResponsesPassTheResponseSideRules() throws Exception {
        rig.proxy().set("map_local=|example.com/static|" + dir.resolve("static"), "modify_headers=/~s/X-Local/yes", "modify_body=/~s/p/q");
        RawResponse response = get("http://example.com/static/bar.css");
        assertThat(response.header("X-Local")).isEqualTo("yes");
        assertThat(response.bodyText()).isEqualTo("q{}");
    }

    @Test
    void mapRemoteRunsFirstSoMapLocalSeesTheRewrittenUrl() throws Exception {
        rig.proxy().set("map_remote=|example.com|example.org", "map_local=|example.org/static|" + dir.resolve("static"));
        assertThat(get("http://example.com/static/bar.css").bodyText()).isEqualTo("p{}");
    }

    @Test
    void aRuleSetAtRunTimeAppliesToTheNextRequest() throws Exception {
        assertThat(get(rig.origin().url("/static/bar.css")).bodyText()).startsWith("method=GET");
        rig.proxy().sluice().commands().execute("set map_local '|/static|" + dir.resolve("static") + "'");
        assertThat(get(rig.origin().url("/static/bar.css")).bodyText()).isEqualTo("p{}");
    }

    @Test
    void badItemsAreRefusedAndTheOldValueStays() throws Exception {
        String good = "|example.com/static|" + dir.resolve("static");
        rig.proxy().set("map_local=" + good);
        assertThatThrownBy(() -> rig.proxy().set("map_local=|foo|+|" + dir))
                .hasMessage("Cannot parse map_local option |foo|+|" + dir + ": Invalid regular expression '+' (Dangling meta character '+')");
        assertThatThrownBy(() -> rig.proxy().set("map_local=|foo|.+|" + dir + "/nonexistent"))
                .hasMessage("Cannot parse map_local option |foo|.+|" + dir + "/nonexistent: Invalid file path: " + dir
                        + "/nonexistent (No such file or directory)");
        assertThat(rig.proxy().sluice().options().list("map_local")).containsExactly(good);
    }

    @Test
    void flowsThatAreKilledAnsweredOrNotLiveGetNoLocalResponse() throws Exception {
        rig.proxy().set("map_local=|example.com|" + dir.resolve("main-local.js"));
        MapLocal mapLocal = rig.proxy().sluice().addons().find(MapLocal.class);
        Flow loaded = TestFlows.http("GET", "http://example.com/").build();
        Flow answered = TestFlows.http("GET", "http://example.com/").response(204).live().build();
        Flow killed = TestFlows.http("GET", "http://example.com/").live().build();
        killed.kill();
        for (Flow flow : List.of(loaded, answered, killed)) {
            mapLocal.request(flow);
            assertThat(flow.isPaused()).isFalse();
        }
        assertThat(loaded.response()).isNull();
        assertThat(answered.response().statusCode()).isEqualTo(204);
        assertThat(killed.response()).isNull();
    }
}
