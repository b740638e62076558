package dev.sluice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin server on 127.0.0.1 for tests: reads HTTP/1.1 requests byte for byte (so tests
 * can assert exactly what arrived, header case and order included) and answers with whatever the
 * test's handler writes, raw. Counts connections so tests can prove connection reuse. The TLS
 * variant ({@link #tls}) presents a test certificate and records the SNI of each connection.
 */
public final class Origin implements AutoCloseable {

    /** A request as received: the raw head text, parsed parts, and the de-framed body. */
    public record Received(String rawHead, String method, String target, List<String[]> headers, byte[] body, int connection) {
        public String header(String name) {
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes the raw response for a request; return false to close the connection afterwards. */
    @FunctionalInterface
    public interface Handler {
        boolean respond(Received request, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-origin");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Socket> open = new ArrayList<>();
    private final List<String> serverNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Handler handler;

    public Origin(Handler handler) throws IOException {
        this(handler, javax.net.ServerSocketFactory.getDefault());
    }

    private Origin(Handler handler, javax.net.ServerSocketFactory sockets) throws IOException {
        this(handler, sockets, parameters -> { });
    }

    private Origin(Handler handler, javax.net.ServerSocketFactory sockets,
                   java.util.function.Consumer<javax.net.ssl.SSLParameters> tuning) throws IOException {
        this.handler = handler;
        this.socket = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (socket instanceof javax.net.ssl.SSLServerSocket tls) {
            javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{"http/1.1"}); // as a server without HTTP/2 would
            tuning.accept(parameters);
            tls.setSSLParameters(parameters);
        }
        threads.execute(this::acceptLoop);
    }

    /** An HTTPS origin presenting the context's certificate. */
    public static Origin tls(javax.net.ssl.SSLContext context, Handler handler) throws IOException {
        return new Origin(handler, context.getServerSocketFactory());
    }

    /**
     * An HTTPS origin answering like {@link #echo()} whose TLS parameters the test tunes: versions,
     * cipher suites, client authentication ({@code setNeedClientAuth}).
     */
    public static Origin tlsEcho(javax.net.ssl.SSLContext context,
                                 java.util.function.Consumer<javax.net.ssl.SSLParameters> tuning) throws IOException {
        return new Origin(ECHO, context.getServerSocketFactory(), tuning);
    }

    /** An HTTPS origin that answers like {@link #echo()}. */
    public static Origin tlsEcho(javax.net.ssl.SSLContext context) throws IOException {
        return tls(context, ECHO);
    }

    /** The SNI each TLS connection asked for, in order ("" for none). */
    public List<String> serverNames() {
        return serverNames;
    }

    /** An origin that answers every request 200 with a body echoing the method, target and body. */
    public static Origin echo() throws IOException {
        return new Origin(ECHO);
    }

    private static final Handler ECHO = (req, out) -> {
        byte[] body = ("method=" + req.method() + "\ntarget=" + req.target() + "\nbody=" + req.bodyText()).getBytes(StandardCharsets.UTF_8);
        writeResponse(out, 200, "OK", Map.of("Content-Type", "text/plain"), body);
        return true;
    };

    public static void writeResponse(OutputStream out, int status, String reason, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (Map.Entry<String, String> e : h.entrySet()) sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    public void setHandler(Handler handler) {
        this.handler = handler;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int connectionCount() {
        return connections.get();
    }

    /** Connections the client (the proxy) has closed or that failed. */
    public int closedConnectionCount() {
        return closedConnections.get();
    }

    /** The next request received, waiting up to 10 s. */
    public Received take() throws InterruptedException {
        Received r = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("origin received no request within 10 s");
        return r;
    }

    public Received poll() {
        return received.poll();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                int id = connections.incrementAndGet();
                synchronized (open) {
                    open.add(s);
                }
                threads.execute(() -> serve(s, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(20_000);
            if (s instanceof javax.net.ssl.SSLSocket tls) {
                tls.startHandshake();
                var names = ((javax.net.ssl.ExtendedSSLSession) tls.getSession()).getRequestedServerNames();
                serverNames.add(names.isEmpty() ? "" : ((javax.net.ssl.SNIHostName) names.get(0)).getAsciiName());
            }
            while (true) {
                Received r = read(in, id);
                if (r == null) return;
                received.add(r);
                if (!handler.respond(r, out)) return;
            }
        } catch (IOException e) {
            // peer went away
        } finally {
            closedConnections.incrementAndGet();
        }
    }

    private static Received read(InputStream in, int connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) return null;
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String raw = head.toString(StandardCharsets.ISO_8859_1);
        String[] lines = raw.split("\r\n");
        String[] start = lines[0].split(" ", 3);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            int colon = lines[i].indexOf(':');
            headers.add(new String[]{lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
        }
        Received shell = new Received(raw, start[0], start[1], headers, new byte[0], connection);
        byte[] body = new byte[0];
        String te = shell.header("transfer-encoding");
        String cl = shell.header("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        }
        return new Received(raw, start[0], start[1], headers, body, connection);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') line.write(b);
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) s.close();
        }
        threads.shutdownNow();
    }
}
