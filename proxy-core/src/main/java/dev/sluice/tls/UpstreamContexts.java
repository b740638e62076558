package dev.sluice.tls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;

/**
 * The client contexts for connections to servers under one trust setting, one per list of ALPN
 * offers. Immutable apart from its cache; build a new one when the trust options change.
 *
 * <p>Building a context loads the trust store into the TLS engine (milliseconds), so the lists
 * Sluice offers are built up front, off the event loop; any other list is built on first use.
 */
public final class UpstreamContexts {
    private final SslContexts contexts;
    private final UpstreamTrust trust;
    private final Map<List<String>, SslContext> byAlpn = new ConcurrentHashMap<>();

    /**
     * @param prebuilt the ALPN lists to build now (for example {@code []} and {@code [http/1.1]})
     * @throws TlsConfigException when the engine refuses the trust setting
     */
    public UpstreamContexts(SslContexts contexts, UpstreamTrust trust, List<List<String>> prebuilt) {
        this.contexts = contexts;
        this.trust = trust;
        for (List<String> alpn : prebuilt) forAlpn(alpn);
    }

    /** The context offering exactly these ALPN protocols (none for an empty list). */
    public SslContext forAlpn(List<String> alpn) {
        return byAlpn.computeIfAbsent(List.copyOf(alpn), this::build);
    }

    /** Whether verification is off ({@code ssl_insecure}). */
    public boolean isInsecure() {
        return trust.isInsecure();
    }

    private SslContext build(List<String> alpn) {
        try {
            return contexts.upstream(trust, alpn);
        } catch (SSLException e) {
            throw new TlsConfigException("Cannot set up TLS towards servers: " + e.getMessage(), e);
        }
    }
}
