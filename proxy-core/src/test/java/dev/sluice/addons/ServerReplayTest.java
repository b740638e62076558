package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.option.OptionsException;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestFlows;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side replay through the real proxy, with the origin stopped (features.md §10). */
class ServerReplayTest {

    @TempDir
    Path dir;

    private ProxyFixture proxy;
    private int stoppedPort;

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            stoppedPort = s.getLocalPort(); // nothing listens here any more: the origin is stopped
        }
        proxy = new ProxyFixture();
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + stoppedPort + path;
    }

    private Flow recorded(String path, String body) {
        Flow f = TestFlows.http("GET", url(path)).requestBody("").response(200).responseHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
                .responseBody(body).build();
        f.response().setTimestampStart(Flow.now() - 3600);
        return f;
    }

    private Path file(Flow... flows) throws IOException {
        Path p = dir.resolve("recorded.sluice");
        FlowFiles.save(p, false, List.of(flows));
        return p;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return proxy.client().send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ServerReplay replay() {
        return proxy.sluice().addons().find(ServerReplay.class);
    }

    private Object command(String line) throws CommandException {
        return proxy.sluice().commands().execute(line);
    }

    @Test
    void recordedResponsesAreServedInOrderThenRequestsAreForwarded() throws Exception {
        proxy.sluice().options().set("server_replay=" + file(recorded("/a", "one"), recorded("/a", "two"), recorded("/b", "bee")));
        assertThat(command("replay.server.count")).isEqualTo(3L);
        HttpResponse<String> first = get("/a");
        assertThat(first.body()).isEqualTo("one");
        assertThat(first.headers().firstValue("Date").orElseThrow()).as("refreshed by about an hour").isNotEqualTo("Wed, 21 Oct 2015 07:28:00 GMT")
                .startsWith("Wed, 21 Oct 2015 08:2");
        assertThat(command("replay.server.count")).isEqualTo(2L);
        assertThat(get("/a").body()).isEqualTo("two");
        assertThat(get("/a").statusCode()).as("forwarded to the stopped origin").isEqualTo(502);
        assertThat(get("/b").body()).isEqualTo("bee");
        assertThat(command("replay.server.count")).isEqualTo(0L);
        assertThat(proxy.sluice().flows().snapshot()).filteredOn(f -> f.replay() == Flow.Replay.RESPONSE).hasSize(3);
    }

    @Test
    void withReuseTheFirstResponseIsServedEveryTime() throws Exception {
        proxy.sluice().options().set("server_replay_reuse=true");
        replay().replace(List.of(recorded("/a", "one"), recorded("/a", "two")));
        for (int i = 0; i < 3; i++) assertThat(get("/a").body()).isEqualTo("one");
        assertThat(replay().count()).isEqualTo(2);
    }

    @Test
    void aResponseRecordedOverHttp2AnswersAnHttp11Client() throws Exception {
        Flow h2 = recorded("/h2", "from h2");
        h2.response().setHttpVersion("HTTP/2.0");
        h2.response().headers().add(":status", "200");
        h2.response().headers().remove("content-length");
        replay().replace(List.of(h2));
        String raw = proxy.raw("GET " + url("/h2") + " HTTP/1.1\r\nHost: 127.0.0.1:" + stoppedPort + "\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain(":status").endsWith("from h2\r\n0\r\n\r\n");
        assertThat(h2.response().httpVersion()).as("the recording is unchanged").isEqualTo("HTTP/2.0");
    }

    @Test
    void withoutRefreshTheRecordedHeadersAreServedUnchanged() throws Exception {
        proxy.sluice().options().set("server_replay_refresh=false");
        replay().replace(List.of(recorded("/a", "one")));
        assertThat(get("/a").headers().firstValue("Date")).contains("Wed, 21 Oct 2015 07:28:00 GMT");
    }

    @Test
    void extraRequestsAreKilledOrAnsweredWithAStatusWhileTheBufferHoldsFlows() throws Exception {
        replay().replace(List.of(recorded("/a", "one")));
        proxy.sluice().options().set("server_replay_extra=404");
        HttpResponse<String> miss = get("/other");
        assertThat(miss.statusCode()).isEqualTo(404);
        assertThat(miss.body()).isEmpty();
        assertThat(proxy.logged("server_playback: returned 404 non-replay request " + url("/other"))).isTrue();
        proxy.sluice().options().set("server_replay_extra=kill");
        assertThatThrownBy(() -> get("/other")).isInstanceOf(IOException.class);
        assertThat(proxy.logged("server_playback: killed non-replay request " + url("/other"))).isTrue();
        assertThat(get("/a").body()).isEqualTo("one");
        assertThat(get("/other").statusCode()).as("the replay is over: forwarded whatever extra says").isEqualTo(502);
    }

    @Test
    void changingAMatchingOptionReKeysTheLoadedFlows() throws Exception {
        replay().replace(List.of(recorded("/test?param1=1&x=2", "match")));
        proxy.sluice().options().set("server_replay_extra=404");
        assertThat(get("/test?x=2").statusCode()).isEqualTo(404);
        proxy.sluice().options().set("server_replay_ignore_params=param1");
        assertThat(get("/test?x=2").body()).isEqualTo("match");
    }

    @Test
    void commandsReplaceAddAndStopTheBuffer() throws Exception {
        Flow a = recorded("/a", "one");
        proxy.sluice().flows().add(a);
        proxy.sluice().flows().add(TestFlows.tcp("example.com", 22).build());
        command("replay.server @all");
        assertThat(command("replay.server.count")).as("TCP flows are ignored").isEqualTo(1L);
        command("replay.server.add @all");
        assertThat(command("replay.server.count")).isEqualTo(2L);
        command("replay.server.file " + file(recorded("/b", "bee")));
        assertThat(command("replay.server.count")).isEqualTo(1L);
        command("replay.server.stop");
        assertThat(command("replay.server.count")).isEqualTo(0L);
        assertThatThrownBy(() -> command("replay.server.file " + dir.resolve("missing.sluice")))
                .hasMessage("Cannot read " + dir.resolve("missing.sluice") + ": No such file or directory");
    }

    @Test
    void unreadableFilesAreOptionsErrorsAndTheOldBufferStays() throws Exception {
        replay().replace(List.of(recorded("/a", "one")));
        assertThatThrownBy(() -> proxy.sluice().options().set("server_replay=nonexistent"))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Invalid value for server_replay: cannot read nonexistent: No such file or directory");
        assertThatThrownBy(() -> proxy.sluice().options().set("server_replay=" + dir))
                .hasMessage("Invalid value for server_replay: cannot read " + dir + ": Is a directory");
        assertThat(replay().count()).isEqualTo(1);
        assertThat(proxy.sluice().options().list("server_replay")).isEmpty();
    }

    @Test
    void extraValuesOutsideTheChoicesAreRefused() {
        assertThatThrownBy(() -> proxy.sluice().options().set("server_replay_extra=600")).hasMessage(
                "Failed to parse option server_replay_extra: invalid choice: 600 (choose from forward, kill, or a status code 200-599)");
        assertThat(proxy.sluice().options().str("server_replay_extra")).isEqualTo("forward");
    }

    @Test
    void theDeprecatedAliasesSetTheirNewOptions() throws Exception {
        proxy.sluice().options().set("server_replay_nopop=true");
        assertThat(proxy.sluice().options().bool("server_replay_reuse")).isTrue();
        assertThat(proxy.logged("server_replay_nopop is deprecated; use server_replay_reuse")).isTrue();
        proxy.sluice().options().set("server_replay_kill_extra=true");
        assertThat(proxy.sluice().options().str("server_replay_extra")).isEqualTo("kill");
        proxy.sluice().options().set("server_replay_kill_extra=false");
        assertThat(proxy.sluice().options().str("server_replay_extra")).isEqualTo("forward");
    }
}
