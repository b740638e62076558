package dev.sluice.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.netty.handler.ssl.SslContext;

/**
 * A certificate Sluice presents to clients: the chain (leaf first) and its private key. It also
 * keeps the server contexts built for it, so they live and are evicted with it in the cache.
 */
public final class LeafCert {
    private final List<X509Certificate> chain;
    private final LeafKey key;
    private final ConcurrentMap<ContextKey, SslContext> serverContexts = new ConcurrentHashMap<>();

    private record ContextKey(SslContexts.ClientFacingSettings settings, List<String> alpn, List<X509Certificate> extraChain) {
    }

    public LeafCert(List<X509Certificate> chain, PrivateKey privateKey) {
        this(chain, new LeafKey(privateKey));
    }

    /** A certificate whose key other certificates share (the CA's, for generated leaves). */
    LeafCert(List<X509Certificate> chain, LeafKey key) {
        if (chain.isEmpty()) throw new IllegalArgumentException("a certificate chain needs a certificate");
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /** The leaf certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The leaf followed by the certificates sent with it (the CA and its chain). */
    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return key.key();
    }

    /** The key as Netty's OpenSSL contexts take it, shared with the other certificates of the same key. */
    PrivateKey privateKeyForOpenSsl() {
        return key.forOpenSsl();
    }

    /**
     * The built context for these settings (engine, versions, suites), ALPN list and certificates
     * sent after the chain ({@code add_upstream_certs_to_client_chain}), or null.
     */
    SslContext cachedServerContext(SslContexts.ClientFacingSettings settings, List<String> alpn, List<X509Certificate> extraChain) {
        return serverContexts.get(new ContextKey(settings, alpn, extraChain));
    }

    /** Keeps a built context; when two threads raced, the first one kept wins. */
    SslContext cacheServerContext(SslContexts.ClientFacingSettings settings, List<String> alpn, List<X509Certificate> extraChain,
                                  SslContext context) {
        SslContext earlier = serverContexts.putIfAbsent(new ContextKey(settings, List.copyOf(alpn), List.copyOf(extraChain)), context);
        return earlier != null ? earlier : context;
    }
}
