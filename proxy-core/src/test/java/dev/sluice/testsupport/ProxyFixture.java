package dev.sluice.testsupport;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.addons.Addons;
import dev.sluice.addons.TlsConfig;
import dev.sluice.log.LogEntry;
import dev.sluice.net.ProxyServer;
import dev.sluice.option.OptionsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real proxy on an ephemeral 127.0.0.1 port with the built-in addons (plus any the test adds),
 * its CA in the tests' confdir, a captured event log, a JDK HttpClient configured to use it, and
 * raw-socket helpers.
 */
public final class ProxyFixture implements AutoCloseable {

    private final Sluice sluice = new Sluice(true);
    private final ProxyServer server;
    private final InetSocketAddress address;
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();

    public ProxyFixture(Addon... extra) throws Exception {
        this(List.of(), extra);
    }

    /** @param options {@code name=value} settings applied before the proxy starts */
    public ProxyFixture(List<String> options, Addon... extra) throws Exception {
        this(Addons.defaults(), options, extra);
    }

    /** The proxy with the console's chain ({@link Addons#console()}: interception included). */
    public static ProxyFixture console(String... options) throws Exception {
        return new ProxyFixture(Addons.console(), List.of(options));
    }

    private ProxyFixture(List<Addon> chain, List<String> options, Addon... extra) throws Exception {
        sluice.log().addListener(log::add);
        sluice.addAddons(chain);
        sluice.addAddons(List.of(extra));
        sluice.options().configureAll();
        sluice.options().set("confdir=" + TestConfdir.shared());
        if (!options.isEmpty()) sluice.options().set(options);
        tls().loadCertificateAuthority();
        server = new ProxyServer(sluice, 2);
        address = server.listen("127.0.0.1", 0);
    }

    public Sluice sluice() {
        return sluice;
    }

    public TlsConfig tls() {
        return sluice.addons().find(TlsConfig.class);
    }

    /** Sluice's CA certificate: what a client that installed it trusts. */
    public X509Certificate caCertificate() {
        return tls().certificateAuthority().certificate();
    }

    public int port() {
        return address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    public List<LogEntry> log() {
        return log;
    }

    public boolean logged(String fragment) {
        return log.stream().anyMatch(e -> e.message().contains(fragment));
    }

    /** A JDK HttpClient that sends every request through the proxy. */
    public HttpClient client() {
        return HttpClient.newBuilder().proxy(ProxySelector.of(address)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends raw bytes on a new connection and returns everything read until the proxy closes (or 5 s pass). */
    public String raw(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readAll(s);
        }
    }

    /** Sends the request on a new connection and parses what comes back before the proxy closes it. */
    public RawResponse send(RawRequest request) throws IOException {
        return RawResponse.parse(raw(new String(request.bytes(), StandardCharsets.ISO_8859_1)));
    }

    /** Sets options as one transaction, as {@code --set} does; fails the test when refused. */
    public void set(String... specs) throws OptionsException {
        sluice.options().set(specs);
    }

    public Socket connect() throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout(5000);
        return s;
    }

    public static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketTimeoutException e) {
            // return what arrived
        }
        return sb.toString();
    }

    /** A message head up to and including its blank line (or what came before the stream ended). */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }

    public static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        server.close();
        sluice.shutdown();
    }
}
