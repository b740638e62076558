package dev.sluice.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of the contexts presented to clients, which never ask for a client certificate. It
 * exists for speed: without it, netty-tcnative loads the JDK's whole CA list into every new
 * context as acceptable client issuers (about 20 ms per context instead of 0.1 ms).
 */
final class NoClientCertificates extends X509ExtendedTrustManager {
    static final NoClientCertificates INSTANCE = new NoClientCertificates();

    private static final X509Certificate[] NONE = new X509Certificate[0];

    private NoClientCertificates() {
    }

    private static CertificateException refused() {
        return new CertificateException("Sluice does not ask clients for certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw refused();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
