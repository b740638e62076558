package dev.sluice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** JDK TLS clients that trust exactly the CAs a test gives them, like a device that installed Sluice's CA. */
public final class TrustingClients {
    private TrustingClients() {
    }

    /** An {@link SSLContext} whose trust store holds only these certificates. */
    public static SSLContext trusting(X509Certificate... cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.length; i++) store.setCertificateEntry("ca-" + i, cas[i]);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome of one HTTPS exchange: the response text and the negotiated ALPN protocol ("" for none). */
    public record Exchange(String response, String alpn, List<X509Certificate> serverChain) {
    }

    /**
     * Connects to 127.0.0.1:port with the given SNI (host name verification on, against that
     * name), offers the ALPN protocols, sends a GET and reads the whole response.
     */
    public static Exchange get(SSLContext context, String sni, int port, List<String> alpn) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        return exchange(context, plain, sni, sni, port, alpn, "/");
    }

    /**
     * The same through the proxy: {@code CONNECT target}, then TLS inside the tunnel with the SNI
     * (none when null; the certificate is then verified against the target's host), then a GET of
     * the path with {@code Connection: close}.
     *
     * @throws IOException when the proxy does not answer 200 (the message holds its answer)
     */
    public static Exchange getThroughProxy(SSLContext context, int proxyPort, String target, String sni,
                                           List<String> alpn, String path, String... connectHeaders) throws IOException {
        Socket plain = connectThroughProxy(proxyPort, target, connectHeaders);
        String host = target.substring(0, target.lastIndexOf(':'));
        int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        return exchange(context, plain, sni, sni != null ? sni : host, port, alpn, path);
    }

    /** A socket to the proxy on which {@code CONNECT target} (with any extra header lines) was answered 200. */
    public static Socket connectThroughProxy(int proxyPort, String target, String... headers) throws IOException {
        Socket plain = new Socket("127.0.0.1", proxyPort);
        plain.setSoTimeout(10_000);
        OutputStream out = plain.getOutputStream();
        StringBuilder request = new StringBuilder("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n");
        for (String h : headers) request.append(h).append("\r\n");
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = ProxyFixture.readHead(plain.getInputStream());
        if (!head.startsWith("HTTP/1.1 200 ")) {
            plain.close();
            throw new IOException("CONNECT " + target + " answered: " + head);
        }
        return plain;
    }

    /** One response: by its Content-Length when it has one (a passed-through origin may keep the connection), else to the end. */
    public static String readResponse(InputStream in) throws IOException {
        String head = ProxyFixture.readHead(in);
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return head + new String(in.readNBytes(Integer.parseInt(line.substring(15).trim())), StandardCharsets.ISO_8859_1);
            }
        }
        return head + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static Exchange exchange(SSLContext context, Socket plain, String sni, String verifiedName, int port,
                                     List<String> alpn, String path) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, verifiedName, port, true)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + verifiedName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket.getInputStream());
            String protocol = socket.getApplicationProtocol();
            List<X509Certificate> chain = List.of((X509Certificate[]) socket.getSession().getPeerCertificates());
            return new Exchange(response, protocol == null ? "" : protocol, chain);
        }
    }
}
