package dev.sluice.tls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;

/**
 * The client contexts for connections to servers under one trust setting, versions and suites,
 * and client certificates: one per list of ALPN offers and client certificate. Immutable apart
 * from its cache; build a new one when those options change.
 *
 * <p>Building a context loads the trust store into the TLS engine (milliseconds), so the lists
 * Sluice offers are built up front, off the event loop; any other list is built on first use.
 */
public final class UpstreamContexts {
    private final SslContexts contexts;
    private final UpstreamTrust trust;
    private final ClientCertificates clientCertificates;
    private final Map<Key, SslContext> built = new ConcurrentHashMap<>();

    private record Key(List<String> alpn, ClientCertificates.ClientCertificate clientCertificate, boolean postQuantum) {
    }

    /**
     * @param prebuilt the ALPN lists to build now (for example {@code []} and {@code [http/1.1]})
     * @throws TlsConfigException when the engine refuses the trust setting
     */
    public UpstreamContexts(SslContexts contexts, UpstreamTrust trust, ClientCertificates clientCertificates,
                            List<List<String>> prebuilt) {
        this.contexts = contexts;
        this.trust = trust;
        this.clientCertificates = clientCertificates;
        for (List<String> alpn : prebuilt) {
            forServer(alpn, null, true);
            forServer(alpn, null, false);
        }
    }

    /**
     * The context offering exactly these ALPN protocols (none for an empty list) to a server known
     * by its SNI, else its host, with the client certificate {@code client_certs} has for it, and
     * post-quantum key-exchange groups or only classical ones ({@link KeyExchange}).
     */
    public SslContext forServer(List<String> alpn, String sniOrHost, boolean postQuantum) {
        return built.computeIfAbsent(new Key(List.copyOf(alpn), clientCertificates.forServer(sniOrHost), postQuantum), this::build);
    }

    /**
     * What tells connections to the same server apart besides scheme, host, port and SNI: the
     * file of the client certificate presented to it, or "" for none (tls.md §5, pooling).
     */
    public String clientCertificateId(String sniOrHost) {
        ClientCertificates.ClientCertificate certificate = clientCertificates.forServer(sniOrHost);
        return certificate == null ? "" : certificate.file().toString();
    }

    /** Whether verification is off ({@code ssl_insecure}). */
    public boolean isInsecure() {
        return trust.isInsecure();
    }

    private SslContext build(Key key) {
        try {
            return contexts.upstream(trust, key.alpn(), key.clientCertificate(), key.postQuantum());
        } catch (SSLException e) {
            throw new TlsConfigException("Cannot set up TLS towards servers: " + e.getMessage(), e);
        }
    }
}
