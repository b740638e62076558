package dev.sluice.net;

import static dev.sluice.net.StreamingTest.random;
import static dev.sluice.net.StreamingTest.readResponse;
import static dev.sluice.net.StreamingTest.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.testsupport.Eventually;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.ProxyToTlsOrigin;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A streamed Content-Length response goes from the server socket to the client's with splice(2)
 * when nothing needs its bytes, and the ordinary way otherwise; either way byte-exact, with the
 * flow, keep-alive, failures and timeouts as for any streamed body (backpressure: StreamingTest's
 * slow client, spliced and copied). The flow's metadata
 * ({@code spliced_response_bytes}) tells which way a body went.
 */
@Timeout(60)
class BodySpliceTest {

    /** Larger than the tail that is never spliced, so most of it is. */
    private static final int BIG = (int) BodySplice.KEPT_TAIL + (6 << 20);

    @RegisterExtension
    static final ProxyToTlsOrigin tlsRig = new ProxyToTlsOrigin("Splice Test CA");

    /** Requests to a path ending in /transform get an identity per-chunk transform (the copy path). */
    private static final Addon TRANSFORM_ON_REQUEST = new Addon() {
        @Override
        public void responseHeaders(Flow flow) {
            if (flow.request().path().endsWith("/transform")) flow.response().setStreamTransform(chunk -> chunk);
        }
    };

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin(() -> new ProxyFixture(List.of("stream_large_bodies=1m"), TRANSFORM_ON_REQUEST));

    private Origin origin;
    private ProxyFixture proxy;

    @BeforeEach
    void names() {
        origin = rig.origin();
        proxy = rig.proxy();
    }

    /** The origin answers every request with this body and Content-Length, keeping the connection. */
    private void serve(byte[] body) {
        origin.setHandler((req, out) -> {
            Origin.writeResponse(out, 200, "OK", java.util.Map.of("Content-Type", "application/octet-stream"), body);
            return true;
        });
    }

    private void request(Socket s, String path) throws IOException {
        ProxyFixture.write(s, "GET " + origin.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
    }

    private Flow flow(int index) throws InterruptedException {
        Eventually.until(() -> proxy.sluice().flows().snapshot().size() > index
                && (proxy.sluice().flows().snapshot().get(index).isResponseComplete() || proxy.sluice().flows().snapshot().get(index).error() != null));
        return proxy.sluice().flows().snapshot().get(index);
    }

    private static long spliced(Flow f) {
        Object n = f.metadata().get(HttpProxyHandler.SPLICED_RESPONSE_BYTES);
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void theKeptTailCoversTheKernelsLargestReceiveBuffer() throws Exception {
        String[] rmem = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0).trim().split("\\s+");
        assertThat(BodySplice.KEPT_TAIL).isGreaterThan(Long.parseLong(rmem[2]));
    }

    @Test
    void aLargeContentLengthResponseIsSplicedByteExactAndRecordedAsStreamed() throws Exception {
        byte[] body = random(BIG);
        serve(body);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            request(s, "/big");
            StreamingTest.Got got = readResponse(s.getInputStream());
            assertThat(got.header("content-length")).isEqualTo(Integer.toString(BIG));
            assertThat(sha(got.body())).isEqualTo(sha(body));
        }
        Flow f = flow(0);
        assertThat(spliced(f)).isBetween(1L, BIG - BodySplice.KEPT_TAIL);
        assertThat(f.error()).isNull();
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(f.response().body()).isNull();
        assertThat(f.response().streamedSize()).isEqualTo(BIG);
        assertThat(f.response().timestampEnd()).isPositive();
    }

    @Test
    void theClientConnectionAndTheServerConnectionServeAnotherRequestAfterASplicedResponse() throws Exception {
        byte[] body = random(BIG);
        serve(body);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            for (String path : List.of("/first", "/second")) {
                request(s, path);
                assertThat(sha(readResponse(s.getInputStream()).body())).isEqualTo(sha(body));
            }
        }
        assertThat(spliced(flow(0))).isPositive();
        assertThat(spliced(flow(1))).isPositive();
        assertThat(origin.connectionCount()).isEqualTo(1); // the decoder ended the spliced body: the connection was reused
    }

    /** A server that waits for the client's signal between the first megabyte and the rest. */
    private static void writeHeadThenBody(OutputStream out, long declared, byte[] piece, long send) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (long at = 0; at < send; at += piece.length) out.write(piece, 0, (int) Math.min(piece.length, send - at));
        out.flush();
    }

    @Test
    void aClientGoneMidSpliceClosesTheServerConnectionAndEndsTheFlowWithAnError() throws Exception {
        byte[] piece = random(64 << 10);
        origin.setHandler((req, out) -> {
            writeHeadThenBody(out, 1L << 30, piece, 1L << 30); // blocks once the proxy stops taking bytes
            return true;
        });
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            request(s, "/abandoned");
            InputStream in = s.getInputStream();
            ProxyFixture.readHead(in);
            new DataInputStream(in).readFully(new byte[4 << 20]);
        }
        Flow f = flow(0);
        assertThat(spliced(f)).isPositive();
        assertThat(f.error().msg()).isEqualTo(FlowError.CLIENT_DISCONNECTED);
        Eventually.until(() -> origin.closedConnectionCount() == 1); // its write failed: the proxy closed it
    }

    @Test
    void aServerGoneMidSpliceClosesTheClientConnectionAndEndsTheFlowWithAnError() throws Exception {
        byte[] piece = random(64 << 10);
        long declared = BodySplice.KEPT_TAIL + (16 << 20);
        long sent = 8L << 20; // the server closes within the spliced part
        origin.setHandler((req, out) -> {
            writeHeadThenBody(out, declared, piece, sent);
            return false; // closes: the body is short
        });
        long got = 0;
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            request(s, "/short");
            InputStream in = s.getInputStream();
            assertThat(ProxyFixture.readHead(in)).contains("Content-Length: " + declared);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) got += n; // ends with the proxy's close, not a complete body
        }
        assertThat(got).isLessThanOrEqualTo(sent);
        Flow f = flow(0);
        assertThat(spliced(f)).isPositive();
        assertThat(f.error().msg()).isEqualTo(FlowError.SERVER_DISCONNECTED);
    }

    /** Keep-alive announced, yet the server closes right after the body: what it sent is still delivered whole. */
    @Test
    void aServerClosingRightAfterAWholeBodyStillDeliversItAll() throws Exception {
        byte[] body = random(BIG);
        origin.setHandler((req, out) -> {
            Origin.writeResponse(out, 200, "OK", java.util.Map.of(), body);
            return false;
        });
        try (Socket s = proxy.connect()) {
            s.setReceiveBufferSize(64 << 10);
            s.setSoTimeout(20_000);
            request(s, "/then-close");
            InputStream in = s.getInputStream();
            ProxyFixture.readHead(in);
            Thread.sleep(1000); // the origin has written everything and closed while most of it is still in the proxy's socket buffers
            byte[] got = new byte[body.length];
            new DataInputStream(in).readFully(got);
            assertThat(sha(got)).isEqualTo(sha(body));
        }
        Flow f = flow(0);
        assertThat(f.error()).isNull();
        assertThat(spliced(f)).isPositive();
    }

    @Test
    void aLongSpliceOutlastsTheServerResponseTimeout() throws Exception {
        byte[] piece = random(256 << 10);
        int pieces = 12;
        byte[] tail = random((int) BodySplice.KEPT_TAIL);
        origin.setHandler((req, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ((long) piece.length * pieces + tail.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < pieces; i++) { // the spliced part: 3 s in all, no read on the proxy's side meanwhile
                out.write(piece);
                out.flush();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            out.write(tail);
            out.flush();
            return true;
        });
        proxy.set("server_response_timeout=1");
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            request(s, "/slow");
            byte[] got = readResponse(s.getInputStream()).body();
            assertThat(got).hasSize(piece.length * pieces + tail.length);
            assertThat(Arrays.copyOfRange(got, piece.length * (pieces - 1), piece.length * pieces)).isEqualTo(piece);
            assertThat(sha(Arrays.copyOfRange(got, piece.length * pieces, got.length))).isEqualTo(sha(tail));
        }
        Flow f = flow(0);
        assertThat(f.error()).isNull();
        assertThat(spliced(f)).isPositive();
    }

    /** A per-chunk transform and store_streamed_bodies need the bytes (the NIO transport: StreamingTest's slow client). */
    @ParameterizedTest
    @ValueSource(strings = {"transform", "store_streamed_bodies"})
    void aResponseWhoseBytesAreNeededTakesTheCopyPath(String why) throws Exception {
        byte[] body = random(BIG);
        serve(body);
        if (why.equals("store_streamed_bodies")) proxy.set("store_streamed_bodies=true");
        Flow f;
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            request(s, "/copied/" + why);
            assertThat(sha(readResponse(s.getInputStream()).body())).isEqualTo(sha(body));
            f = flow(0); // the connection stays while the kept body is stored
        }
        assertThat(f.error()).isNull();
        assertThat(spliced(f)).isZero();
        assertThat(f.response().streamedSize()).isEqualTo(BIG);
    }

    @Test
    void aResponseFromATlsServerTakesTheCopyPath() throws Exception {
        tlsRig.startOrigin(p -> { });
        proxy = tlsRig.startProxy(null, "stream_large_bodies=1m");
        byte[] text = new byte[3 << 20];
        for (int i = 0; i < text.length; i++) text[i] = (byte) ('a' + i % 26);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "POST https://" + tlsRig.target() + "/tls HTTP/1.1\r\nHost: " + tlsRig.target()
                    + "\r\nContent-Length: " + text.length + "\r\n\r\n");
            s.getOutputStream().write(text);
            s.getOutputStream().flush();
            byte[] got = readResponse(s.getInputStream()).body();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write("method=POST\ntarget=/tls\nbody=".getBytes(StandardCharsets.UTF_8));
            expected.write(text);
            assertThat(sha(got)).isEqualTo(sha(expected.toByteArray()));
        }
        Flow f = flow(0);
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(spliced(f)).isZero();
    }
}
