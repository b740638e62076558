package dev.sluice.net;

import static dev.sluice.net.StreamingTest.random;
import static dev.sluice.net.StreamingTest.readResponse;
import static dev.sluice.net.StreamingTest.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Body;
import dev.sluice.flow.FileBody;
import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.TestConfdir;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies over body_spill_threshold go to a temp file under CONFDIR/bodies/&lt;pid&gt;/ and stay
 * whole in the flow (features.md §14, "Bodies on disk"): byte-exact both ways through the real
 * proxy, the file lives as long as a flow refers to it, and a disk that refuses the write fails
 * that flow only.
 */
@Timeout(60)
class BodiesOnDiskTest {

    private static final int BIG = 3 << 20;

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin("body_spill_threshold=64k");

    private static String shaOf(Body body) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(body.openStream(), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Flow completeFlow(ProxyFixture proxy) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<Flow> flows = proxy.sluice().flows().snapshot();
            if (!flows.isEmpty() && (flows.get(0).isResponseComplete() || flows.get(0).error() != null)) return flows.get(0);
            Thread.sleep(25);
        }
        throw new AssertionError("no complete flow");
    }

    /** Files are deleted on the spool's thread, moments after the release. */
    private static void awaitDeleted(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && Files.exists(file); i++) Thread.sleep(10);
        assertThat(file).doesNotExist();
    }

    private static Path bodiesDir(Path confdir) {
        return confdir.resolve("bodies").resolve(Long.toString(ProcessHandle.current().pid()));
    }

    private static StreamingTest.Got exchange(ProxyFixture proxy, String head, byte[] body) throws IOException {
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, head);
            if (body != null) {
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
            }
            return readResponse(s.getInputStream());
        }
    }

    private static StreamingTest.Got get(ProxyFixture proxy, Origin origin, String path) throws IOException {
        return exchange(proxy, "GET " + origin.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n", null);
    }

    private StreamingTest.Got get(String path) throws IOException {
        return get(rig.proxy(), rig.origin(), path);
    }

    private Flow completeFlow() throws InterruptedException {
        return completeFlow(rig.proxy());
    }

    private void serve(byte[] body) {
        rig.origin().setHandler((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of("Content-Type", "application/octet-stream"), body);
            return true;
        });
    }

    @Test
    void aDownloadOverTheThresholdArrivesIntactAndTheFlowKeepsItInAFileUntilRemoved() throws Exception {
        byte[] body = random(BIG);
        serve(body);

        StreamingTest.Got got = get("/big");

        assertThat(sha(got.body())).isEqualTo(sha(body));
        Flow f = completeFlow();
        assertThat(f.response().body()).isInstanceOf(FileBody.class);
        assertThat(f.response().body().heapSize()).isZero();
        assertThat(shaOf(f.response().body())).isEqualTo(sha(body));
        Path file = ((FileBody) f.response().body()).path();
        assertThat(file.getParent()).isEqualTo(bodiesDir(TestConfdir.shared()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

        rig.proxy().sluice().flows().remove(f);
        awaitDeleted(file);
    }

    @Test
    void anUploadOverTheThresholdReachesTheOriginIntactAndStaysInTheFlow() throws Exception {
        Origin origin = rig.origin();
        origin.setHandler((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of(), sha(req.body()).getBytes(StandardCharsets.UTF_8));
            return true;
        });
        byte[] body = random(BIG);

        StreamingTest.Got got = exchange(rig.proxy(), "POST " + origin.url("/up") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);

        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(sha(body));
        assertThat(origin.take().header("content-length")).isEqualTo(Integer.toString(BIG));
        Flow f = completeFlow();
        assertThat(f.request().body()).isInstanceOf(FileBody.class);
        assertThat(shaOf(f.request().body())).isEqualTo(sha(body));
    }

    @Test
    void bodyFiltersMatchABodyOnDisk() throws Exception {
        byte[] body = random(BIG);
        byte[] needle = "needle-in-the-file".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(needle, 0, body, BIG - 1000, needle.length);
        serve(body);
        get("/big");
        Flow f = completeFlow();
        assertThat(f.response().body()).isInstanceOf(FileBody.class);

        assertThat(FlowFilter.parse("~bs needle-in-the-file").test(f)).isTrue();
        assertThat(FlowFilter.parse("~b needle-in-the-file").test(f)).isTrue();
        assertThat(FlowFilter.parse("~bq needle-in-the-file").test(f)).isFalse();
        assertThat(FlowFilter.parse("~bs haystack-only").test(f)).isFalse();
    }

    /** A body on disk is streamed from its file into native, HAR and mitmproxy files (base64 or escaped text in JSON), and loads back whole. */
    @ParameterizedTest(name = "{0}, text {1}")
    @CsvSource({
            "flows.sluice, false, '{\"b64\":\"'",
            "flows.sluice, true,  '\"content\":\"line 0 \\\"quoted'",
            "flows.har,    false, '\"encoding\":\"base64\"'",
            "flows.har,    true,  '\"text\":\"line 0 \\\"quoted'",
            "flows.mitm,   false, '3145728:'",
            "flows.mitm,   true,  ':line 0 \"quoted\"'",
    })
    void aFlowWithABodyOnDiskIsSavedAndLoadedWhole(String name, boolean text, String written, @TempDir Path dir) throws Exception {
        byte[] body = random(BIG);
        if (text) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < BIG; i++) sb.append("line ").append(i).append(" \"quoted\" \\ tab\t ünï \u2028\n");
            body = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        serve(body);
        get("/big");
        Flow f = completeFlow();
        Path file = dir.resolve(name);
        var commands = rig.proxy().sluice().commands();

        commands.execute("save.file @all " + file);
        rig.proxy().sluice().flows().remove(f);
        commands.execute("view.flows.load " + file);

        Flow loaded = rig.proxy().sluice().flows().snapshot().get(0);
        assertThat(loaded.response().body()).isInstanceOf(FileBody.class);
        assertThat(shaOf(loaded.response().body())).isEqualTo(sha(body));
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).contains(written);
    }

    @Test
    void bodyDirectoriesOfProcessesThatNoLongerRunAreRemovedAtStartUp() throws Exception {
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) dead++;
        Path stale = TestConfdir.shared().resolve("bodies").resolve(Long.toString(dead));
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("body-1.bin"), "left over");
        Path alive = TestConfdir.shared().resolve("bodies").resolve("1"); // init always runs
        Files.createDirectories(alive);

        new dev.sluice.flow.BodySpool(TestConfdir::shared, () -> 0).removeStale();

        assertThat(stale).doesNotExist();
        assertThat(alive).exists();
        Files.delete(alive);
    }

    @Test
    void aDuplicateSharesTheFileWhichGoesWithTheLastFlowReferringToIt() throws Exception {
        byte[] body = random(BIG);
        serve(body);
        get("/big");
        Flow f = completeFlow();
        Flow duplicate = f.copy();
        rig.proxy().sluice().flows().add(duplicate);
        Path file = ((FileBody) f.response().body()).path();

        rig.proxy().sluice().flows().remove(f);
        assertThat(file).exists();
        assertThat(shaOf(duplicate.response().body())).isEqualTo(sha(body));
        rig.proxy().sluice().flows().remove(duplicate);
        awaitDeleted(file);
    }

    @Test
    void aDiskThatRefusesABodyFailsThatFlowAndTheProxyKeepsServing(@TempDir Path confdir) throws Exception {
        try (Stream<Path> ca = Files.list(TestConfdir.shared())) {
            for (Path p : ca.filter(Files::isRegularFile).toList()) Files.copy(p, confdir.resolve(p.getFileName()));
        }
        // a file where the bodies directory belongs: no write can succeed there, not even as root
        Files.createDirectories(bodiesDir(confdir).getParent());
        Files.writeString(bodiesDir(confdir), "in the way");
        byte[] body = random(BIG);
        Origin origin = rig.origin();
        origin.setHandler((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of(), req.target().endsWith("/big") ? body : "small".getBytes(StandardCharsets.UTF_8));
            return true;
        });
        try (ProxyFixture proxy = new ProxyFixture(List.of("body_spill_threshold=64k", "confdir=" + confdir))) {
            StreamingTest.Got failed = get(proxy, origin, "/big");

            assertThat(failed.head()).startsWith("HTTP/1.1 502");
            assertThat(completeFlow(proxy).error().msg()).startsWith("Could not store body: ");
            assertThat(get(proxy, origin, "/small").body()).isEqualTo("small".getBytes(StandardCharsets.UTF_8));

            StreamingTest.Got refused = exchange(proxy, "POST " + origin.url("/up") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);
            assertThat(refused.head()).startsWith("HTTP/1.1 413");
            assertThat(proxy.sluice().flows().snapshot().get(2).error().msg()).startsWith("Could not store body: ");
        }
    }
}
