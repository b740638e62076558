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
 * A streamed Content-Length response over a kept connection: byte-exact, the connections reused
 * after it, failures of either side mid-body, a close right after the body, a slow body against
 * the response timeout, and per-chunk transforms, kept bodies and TLS (backpressure: StreamingTest).
 */
@Timeout(60)
class StreamedResponseTest {

    /** Several of the proxy's largest reads ({@link Transport#MAX_READ}), well past the 1 MiB threshold. */
    private static final int BIG = 24 << 20;

    @RegisterExtension
    static final ProxyToTlsOrigin tlsRig = new ProxyToTlsOrigin("Streamed Response Test CA");

    /** Requests to a path ending in /transform get an identity per-chunk transform. */
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

    @Test
    void aLargeContentLengthResponseIsStreamedByteExactAndRecordedAsStreamed() throws Exception {
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
        assertThat(f.error()).isNull();
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(f.response().body()).isNull();
        assertThat(f.response().streamedSize()).isEqualTo(BIG);
        assertThat(f.response().timestampEnd()).isPositive();
    }

    @Test
    void theClientConnectionAndTheServerConnectionServeAnotherRequestAfterAStreamedResponse() throws Exception {
        byte[] body = random(BIG);
        serve(body);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            for (String path : List.of("/first", "/second")) {
                request(s, path);
                assertThat(sha(readResponse(s.getInputStream()).body())).isEqualTo(sha(body));
            }
        }
        assertThat(flow(0).response().streamedSize()).isEqualTo(BIG);
        assertThat(flow(1).response().streamedSize()).isEqualTo(BIG);
        assertThat(origin.connectionCount()).isEqualTo(1); // the decoder ended the streamed body: the connection was reused
    }

    /** A server that waits for the client's signal between the first megabyte and the rest. */
    private static void writeHeadThenBody(OutputStream out, long declared, byte[] piece, long send) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (long at = 0; at < send; at += piece.length) out.write(piece, 0, (int) Math.min(piece.length, send - at));
        out.flush();
    }

    @Test
    void aClientGoneMidBodyClosesTheServerConnectionAndEndsTheFlowWithAnError() throws Exception {
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
        assertThat(f.error().msg()).isEqualTo(FlowError.CLIENT_DISCONNECTED);
        Eventually.until(() -> origin.closedConnectionCount() == 1); // its write failed: the proxy closed it
    }

    @Test
    void aServerGoneMidBodyClosesTheClientConnectionAndEndsTheFlowWithAnError() throws Exception {
        byte[] piece = random(64 << 10);
        long declared = 48L << 20;
        long sent = 8L << 20; // the server closes mid-body
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
    }

    @Test
    void aSlowStreamedBodyOutlastsTheServerResponseTimeout() throws Exception {
        byte[] piece = random(256 << 10);
        int pieces = 12;
        byte[] tail = random(4 << 20);
        origin.setHandler((req, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ((long) piece.length * pieces + tail.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < pieces; i++) { // 3 s in all, longer than the timeout
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
    }

    /** A per-chunk transform and store_streamed_bodies see every byte of the body. */
    @ParameterizedTest
    @ValueSource(strings = {"transform", "store_streamed_bodies"})
    void aResponseWhoseBytesAreNeededIsStreamedWhole(String why) throws Exception {
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
        assertThat(f.response().streamedSize()).isEqualTo(BIG);
    }

    @Test
    void aResponseFromATlsServerIsStreamed() throws Exception {
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
    }
}
