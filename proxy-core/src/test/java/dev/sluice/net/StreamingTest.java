package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * stream_large_bodies and per-flow streaming through the real proxy (features.md §14): bodies
 * pass byte-exact both ways, the client sees the first bytes while the origin is still sending,
 * body hooks see an absent body, headers hooks still act, per-chunk transforms, body_size_limit.
 */
@Timeout(60)
class StreamingTest {

    private static final int BIG = 6 << 20;
    private Origin origin;
    private ProxyFixture proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (origin != null) origin.close();
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Flow onlyFlow() throws InterruptedException {
        for (int i = 0; i < 100 && (proxy.sluice().flows().snapshot().isEmpty()
                || !proxy.sluice().flows().snapshot().get(0).isResponseComplete()); i++) Thread.sleep(50);
        return proxy.sluice().flows().snapshot().get(0);
    }

    /** A response as the client read it: head text and de-framed body. */
    record Got(String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }
    }

    static Got readResponse(InputStream in) throws IOException {
        String head = ProxyFixture.readHead(in);
        Got shell = new Got(head, null);
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = shell.header("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                byte[] chunk = new byte[n];
                data.readFully(chunk);
                body.write(chunk);
                line(in);
            }
        } else {
            byte[] all = new byte[Integer.parseInt(shell.header("content-length"))];
            data.readFully(all);
            body.write(all);
        }
        return new Got(head, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') sb.append((char) b);
        return sb.toString();
    }

    /** Sends a POST with a Content-Length body to the origin through the proxy connection. */
    private void post(Socket s, String path, byte[] body) throws IOException {
        ProxyFixture.write(s, "POST " + origin.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                + "\r\nContent-Length: " + body.length + "\r\n\r\n");
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
    }

    private Got get(String path) throws IOException {
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "GET " + origin.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            return readResponse(s.getInputStream());
        }
    }

    private void serve(byte[] body) throws IOException {
        origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of("Content-Type", "application/octet-stream", "X-A", "0"), body);
            return true;
        });
    }

    private static void writeChunked(OutputStream out, byte[] body) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        writeChunks(out, body);
    }

    /** The body in chunks of 100 000 bytes, then the last chunk. */
    static void writeChunks(OutputStream out, byte[] body) throws IOException {
        for (int at = 0; at < body.length; at += 100_000) {
            int n = Math.min(100_000, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void aLargeResponseIsStreamedByteExactAndNotKept() throws Exception {
        byte[] body = random(BIG);
        serve(body);
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m"));
        Got got = get("/big");
        assertThat(got.head()).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(got.header("content-length")).isEqualTo(Integer.toString(BIG));
        assertThat(sha(got.body())).isEqualTo(sha(body));
        Flow f = onlyFlow();
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(f.response().body()).isNull();
        assertThat(f.response().streamedSize()).isEqualTo(BIG);
        assertThat(proxy.logged("Streaming response from 127.0.0.1.")).isTrue();
    }

    @Test
    void aSmallResponseIsBufferedAndAtTheThresholdToo() throws Exception {
        serve(random(1024));
        proxy = new ProxyFixture(List.of("stream_large_bodies=1k"));
        assertThat(get("/small").body()).hasSize(1024);
        Flow f = onlyFlow();
        assertThat(f.response().isStreamed()).isFalse();
        assertThat(f.response().body().size()).isEqualTo(1024);
    }

    /** With a small body_spill_threshold the part before the switch is on disk, and goes first all the same. */
    @ParameterizedTest
    @ValueSource(strings = {"4m", "64k"})
    void aChunkedResponseSwitchesToStreamingOnceItGrowsPastTheThreshold(String spill) throws Exception {
        byte[] body = random(3 << 20);
        origin = new Origin((req, out) -> {
            writeChunked(out, body);
            return true;
        });
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m", "body_spill_threshold=" + spill));
        Got got = get("/chunked");
        assertThat(sha(got.body())).isEqualTo(sha(body));
        Flow f = onlyFlow();
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(f.response().streamedSize()).isEqualTo(body.length);
    }

    @Test
    void theClientGetsTheFirstBytesWhileTheOriginIsStillSending() throws Exception {
        CountDownLatch clientSawBytes = new CountDownLatch(1);
        byte[] body = random(200_000);
        origin = new Origin((req, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 1000);
            out.flush();
            try {
                if (!clientSawBytes.await(20, TimeUnit.SECONDS)) return false;
            } catch (InterruptedException e) {
                return false;
            }
            out.write(body, 1000, body.length - 1000);
            out.flush();
            return true;
        });
        proxy = new ProxyFixture(List.of("stream_large_bodies=10k"));
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(10_000);
            ProxyFixture.write(s, "GET " + origin.url("/slow") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            InputStream in = s.getInputStream();
            String head = ProxyFixture.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
            byte[] first = new byte[1000];
            new DataInputStream(in).readFully(first); // would time out if the proxy gathered the body first
            clientSawBytes.countDown();
            byte[] rest = new byte[body.length - 1000];
            new DataInputStream(in).readFully(rest);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(first);
            all.write(rest);
            assertThat(sha(all.toByteArray())).isEqualTo(sha(body));
        }
    }

    /** The origin is blocked once the socket buffers are full, with little in flight and nothing on the heap. */
    @Test
    void aSlowClientMakesTheProxyStopReadingTheServer() throws Exception {
        // What the kernel may hold while the client reads nothing: the origin's send buffer, the
        // proxy's receive and send buffers (Linux grows them up to tcp_rmem's and tcp_wmem's maxima:
        // 32 MiB and 4 MiB on some machines), the client's 64 KiB; and what the proxy holds: its
        // outbound water mark and one read.
        long held = 2 * tcpBufferMax("tcp_wmem") + tcpBufferMax("tcp_rmem") + (64 << 10)
                + Transport.WATER_MARK.high() + Transport.MAX_READ;
        int size = 128 << 20;
        assertThat(held).as("the body must be larger than what buffers can hold").isLessThan(size / 2);
        byte[] piece = random(64 << 10);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        origin = new Origin((req, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int at = 0; at < size; at += piece.length) {
                out.write(piece);
                written.addAndGet(piece.length);
            }
            out.flush();
            return true;
        });
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m"));
        try (Socket s = proxy.connect()) {
            s.setReceiveBufferSize(64 << 10);
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "GET " + origin.url("/slow-client") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            InputStream in = s.getInputStream();
            assertThat(ProxyFixture.readHead(in)).startsWith("HTTP/1.1 200 OK\r\n");
            long before;
            do { // the client reads nothing: socket buffers fill, then the proxy stops reading the origin
                before = written.get();
                Thread.sleep(500);
            } while (written.get() != before);
            assertThat(written.get()).isLessThan(held);
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; total < size && (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != piece[(int) ((total + i) % piece.length)]) throw new AssertionError("byte " + (total + i) + " differs");
                }
                total += n;
            }
            assertThat(total).isEqualTo(size);
        }
    }

    /** The largest a TCP socket's buffer may grow to: the maximum of {@code tcp_rmem} or {@code tcp_wmem}. */
    private static long tcpBufferMax(String sysctl) throws IOException {
        // line by line: reading a /proc file whole by its size (Files.readString) returns a piece of it
        String[] values = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/" + sysctl)).get(0).trim().split("\\s+");
        return Long.parseLong(values[values.length - 1]);
    }

    @Test
    void aLargeUploadIsStreamedByteExactAndTheRequestHookSeesAnAbsentBody() throws Exception {
        origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of(), sha(req.body()).getBytes(StandardCharsets.UTF_8));
            return true;
        });
        Boolean[] absentAtRequestHook = new Boolean[1];
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m"), new Addon() {
            @Override
            public void request(Flow flow) {
                absentAtRequestHook[0] = flow.request().body() == null;
            }
        });
        byte[] body = random(BIG);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            post(s, "/up", body);
            Got got = readResponse(s.getInputStream());
            assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(sha(body));
        }
        assertThat(origin.take().header("content-length")).isEqualTo(Integer.toString(BIG));
        Flow f = onlyFlow();
        assertThat(absentAtRequestHook[0]).isTrue();
        assertThat(f.request().isStreamed()).isTrue();
        assertThat(f.request().body()).isNull();
        assertThat(f.request().streamedSize()).isEqualTo(BIG);
        assertThat(proxy.logged("Streaming request to 127.0.0.1.")).isTrue();
    }

    /** With a small body_spill_threshold the part before the switch is on disk, and goes first all the same. */
    @ParameterizedTest
    @ValueSource(strings = {"4m", "64k"})
    void aChunkedUploadSwitchesToStreamingOnceItGrowsPastTheThreshold(String spill) throws Exception {
        origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of(), sha(req.body()).getBytes(StandardCharsets.UTF_8));
            return true;
        });
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m", "body_spill_threshold=" + spill));
        byte[] body = random(3 << 20);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "POST " + origin.url("/up") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            writeChunks(s.getOutputStream(), body);
            assertThat(new String(readResponse(s.getInputStream()).body(), StandardCharsets.UTF_8)).isEqualTo(sha(body));
        }
        Flow f = onlyFlow();
        assertThat(f.request().isStreamed()).isTrue();
        assertThat(f.request().streamedSize()).isEqualTo(body.length);
    }

    @Test
    void modifyBodySkipsAStreamedResponseWhileModifyHeadersActs() throws Exception {
        byte[] body = new byte[100_000];
        java.util.Arrays.fill(body, (byte) 'a');
        serve(body);
        proxy = new ProxyFixture(List.of("stream_large_bodies=10k", "modify_body=/~s/a/b", "modify_headers=/~s/X-A/1"));
        Got got = get("/ab");
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.header("x-a")).isEqualTo("1");
        assertThat(proxy.logged("Both modify_body and stream_large_bodies are active.")).isTrue();
    }

    /** Streams every response through a transform that upper-cases it and appends {@code <end>}. */
    private static final Addon UPPERCASING_STREAM = new Addon() {
        @Override
        public void responseHeaders(Flow flow) {
            flow.response().setStreamTransform(chunk -> chunk.length == 0
                    ? "<end>".getBytes(StandardCharsets.US_ASCII)
                    : new String(chunk, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }
    };

    /** An HTTP/1.0 client has no chunked coding: the transformed body is delimited by the close. */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.0"})
    void anAddonStreamsWithAPerChunkTransform(String clientVersion) throws Exception {
        byte[] body = "hello streaming world ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        serve(body);
        proxy = new ProxyFixture(UPPERCASING_STREAM);
        Got got;
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "GET " + origin.url("/upper") + " " + clientVersion + "\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            InputStream in = s.getInputStream();
            got = clientVersion.equals("HTTP/1.1") ? readResponse(in) : new Got(ProxyFixture.readHead(in), in.readAllBytes());
        }
        assertThat(got.header("transfer-encoding")).isEqualTo(clientVersion.equals("HTTP/1.1") ? "chunked" : null);
        assertThat(got.header("content-length")).isNull();
        assertThat(new String(got.body(), StandardCharsets.US_ASCII))
                .isEqualTo("HELLO STREAMING WORLD ".repeat(20_000) + "<end>");
        assertThat(onlyFlow().response().streamedSize()).isEqualTo(body.length);
    }

    /** A response passed on as HTTP/1.0 cannot be chunked either: an HTTP/1.1 client reads the transformed body to the close. */
    @Test
    void aTransformedResponseFromAnHttp10OriginEndsWithTheClose() throws Exception {
        byte[] body = "hello from an http/1.0 origin ".repeat(1_000).getBytes(StandardCharsets.US_ASCII);
        origin = new Origin((req, out) -> {
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return false;
        });
        proxy = new ProxyFixture(UPPERCASING_STREAM);
        Got got;
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            ProxyFixture.write(s, "GET " + origin.url("/ten") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            InputStream in = s.getInputStream();
            got = new Got(ProxyFixture.readHead(in), in.readAllBytes());
        }
        assertThat(got.head()).startsWith("HTTP/1.0 200 OK");
        assertThat(got.header("transfer-encoding")).isNull();
        assertThat(got.header("content-length")).isNull();
        assertThat(new String(got.body(), StandardCharsets.US_ASCII))
                .isEqualTo("HELLO FROM AN HTTP/1.0 ORIGIN ".repeat(1_000) + "<end>");
    }

    @Test
    void settingStreamInTheResponseHookLogsAWarningAndChangesNothing() throws Exception {
        byte[] body = random(5000);
        serve(body);
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void response(Flow flow) {
                flow.response().setStreamed(true);
            }
        });
        assertThat(sha(get("/late").body())).isEqualTo(sha(body));
        Flow f = onlyFlow();
        assertThat(f.response().isStreamed()).isFalse();
        assertThat(f.response().body().size()).isEqualTo(body.length);
        assertThat(proxy.logged("Setting stream in the response hook has no effect: set it in responseHeaders.")).isTrue();
    }

    @Test
    void aResponseGrowingPastTheBodySizeLimitIsRefusedWith502() throws Exception {
        byte[] body = random(50_000);
        origin = new Origin((req, out) -> {
            writeChunked(out, body);
            return true;
        });
        proxy = new ProxyFixture(List.of("body_size_limit=10k"));
        String response = proxy.raw("GET " + origin.url("/huge") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(onlyFlowError()).isEqualTo("Response body exceeds Sluice's body_size_limit.");
    }

    @Test
    void aResponseDeclaredLargerThanTheBodySizeLimitIsRefusedWith502EvenWhenStreamed() throws Exception {
        serve(random(50_000));
        proxy = new ProxyFixture(List.of("body_size_limit=10k", "stream_large_bodies=1k"));
        String response = proxy.raw("GET " + origin.url("/declared") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(onlyFlowError()).isEqualTo("Response body exceeds Sluice's body_size_limit.");
    }

    @Test
    void aChunkedUploadGrowingPastTheBodySizeLimitIsRefusedWith413() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture(List.of("body_size_limit=1k"));
        String chunk = "x".repeat(2000);
        String response = proxy.raw("POST " + origin.url("/up") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 Payload Too Large\r\n");
        assertThat(onlyFlowError()).isEqualTo("Request body exceeds Sluice's body_size_limit.");
        assertThat(origin.poll()).isNull();
    }

    private String onlyFlowError() throws InterruptedException {
        for (int i = 0; i < 100 && proxy.sluice().flows().snapshot().get(0).error() == null; i++) Thread.sleep(50);
        return proxy.sluice().flows().snapshot().get(0).error().msg();
    }

    @Test
    void storeStreamedBodiesKeepsWhatPassedInTheFlowBothWays() throws Exception {
        origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of(), req.body());
            return true;
        });
        proxy = new ProxyFixture(List.of("stream_large_bodies=1m", "store_streamed_bodies=true", "body_spill_threshold=64k"));
        byte[] body = random(BIG);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            post(s, "/echo", body);
            assertThat(sha(readResponse(s.getInputStream()).body())).isEqualTo(sha(body));
        }
        Flow f = onlyFlow();
        assertThat(f.request().isStreamed()).isTrue();
        assertThat(f.response().isStreamed()).isTrue();
        assertThat(sha(f.request().body().openStream().readAllBytes())).isEqualTo(sha(body));
        assertThat(sha(f.response().body().openStream().readAllBytes())).isEqualTo(sha(body));
        assertThat(f.response().body()).isInstanceOf(dev.sluice.flow.FileBody.class);
    }

    @Test
    void aSlowOriginMakesTheProxyStopReadingAStreamedUpload() throws Exception {
        long size = 256L << 20;
        CountDownLatch readNow = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        try (java.net.ServerSocket slow = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket c = slow.accept()) {
                    InputStream in = c.getInputStream();
                    ProxyFixture.readHead(in);
                    readNow.await(); // reads nothing of the body until told
                    byte[] buf = new byte[1 << 16];
                    for (int n; received.get() < size && (n = in.read(buf)) > 0; ) received.addAndGet(n);
                    c.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException | InterruptedException ignored) {
                    // the test fails on what the client saw
                }
            });
            server.start();
            proxy = new ProxyFixture(List.of("stream_large_bodies=1m"));
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            try (Socket s = proxy.connect()) {
                s.setSoTimeout(30_000);
                ProxyFixture.write(s, "POST http://127.0.0.1:" + slow.getLocalPort() + "/up HTTP/1.1\r\nHost: 127.0.0.1:"
                        + slow.getLocalPort() + "\r\nContent-Length: " + size + "\r\n\r\n");
                Thread client = new Thread(() -> {
                    byte[] piece = new byte[1 << 16];
                    try {
                        while (sent.get() < size) {
                            s.getOutputStream().write(piece);
                            sent.addAndGet(piece.length);
                        }
                    } catch (IOException ignored) {
                        // seen as a short count
                    }
                });
                client.start();
                // the client's writes block once the buffers on the way are full: the count stops growing
                long before;
                do {
                    before = sent.get();
                    Thread.sleep(300);
                } while (sent.get() != before || before == 0);
                assertThat(sent.get()).isLessThan(size / 4);
                readNow.countDown();
                client.join(30_000);
                assertThat(sent.get()).isEqualTo(size);
                assertThat(ProxyFixture.readHead(s.getInputStream())).startsWith("HTTP/1.1 204");
                assertThat(received.get()).isEqualTo(size);
            }
        }
    }

    @Test
    void aStreamedUploadAnsweredLocallyIsReadAndDiscardedAndTheConnectionGoesOn() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture(List.of("stream_large_bodies=1k", "block_list=:~u /blocked:403"));
        byte[] body = random(BIG);
        try (Socket s = proxy.connect()) {
            s.setSoTimeout(20_000);
            post(s, "/blocked", body);
            assertThat(readResponse(s.getInputStream()).head()).startsWith("HTTP/1.1 403");
            ProxyFixture.write(s, "GET " + origin.url("/next") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            assertThat(new String(readResponse(s.getInputStream()).body(), StandardCharsets.UTF_8)).contains("target=/next");
        }
        assertThat(origin.take().target()).isEqualTo("/next");
    }
}
