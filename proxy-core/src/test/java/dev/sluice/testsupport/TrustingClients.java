package dev.sluice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String protocol = socket.getApplicationProtocol();
            List<X509Certificate> chain = List.of((X509Certificate[]) socket.getSession().getPeerCertificates());
            return new Exchange(response, protocol == null ? "" : protocol, chain);
        }
    }
}
