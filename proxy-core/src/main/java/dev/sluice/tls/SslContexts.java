package dev.sluice.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;

/**
 * Builds the Netty {@link SslContext}s of interception: server side towards clients (presenting a
 * {@link LeafCert}) and client side towards servers. OpenSSL (netty-tcnative) is used when it is
 * available, the JDK's TLS otherwise; {@code -Dsluice.tls.provider=jdk} forces the JDK.
 *
 * <p>ALPN lists are passed in, so HTTP/2 is a matter of offering {@code h2}; an empty list means
 * no ALPN at all (the client or server offered or chose none).
 */
public final class SslContexts {
    /** System property choosing the provider: {@code jdk} or {@code openssl}. */
    public static final String PROVIDER_PROPERTY = "sluice.tls.provider";
    /** HTTP/1.1 only: what Sluice speaks until HTTP/2 is wired in. */
    public static final List<String> HTTP_1_1 = List.of("http/1.1");

    private final SslProvider provider;
    private final TlsParameters towardsClients;
    private final TlsParameters towardsServers;

    /** What the contexts presented to clients depend on besides the leaf and ALPN: the key of their cache. */
    record ClientFacingSettings(SslProvider provider, TlsParameters parameters) {
    }

    private SslContexts(SslProvider provider, TlsParameters towardsClients, TlsParameters towardsServers) {
        this.provider = provider;
        this.towardsClients = towardsClients;
        this.towardsServers = towardsServers;
    }

    /** OpenSSL when available, unless {@value #PROVIDER_PROPERTY} says {@code jdk}. */
    public static SslContexts fromSystemProperty() {
        String chosen = System.getProperty(PROVIDER_PROPERTY, "").strip().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "jdk" -> using(SslProvider.JDK);
            case "openssl" -> using(SslProvider.OPENSSL);
            case "" -> using(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
            default -> throw new TlsConfigException("Invalid value for " + PROVIDER_PROPERTY + ": " + chosen
                    + " (expected jdk or openssl)");
        };
    }

    /** A fixed provider; {@link SslProvider#OPENSSL} only when netty-tcnative loaded. */
    public static SslContexts using(SslProvider provider) {
        if (provider != SslProvider.JDK && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL is not available: " + OpenSsl.unavailabilityCause());
        }
        return new SslContexts(provider, TlsParameters.DEFAULTS, TlsParameters.DEFAULTS);
    }

    /** The same engine with other versions and suites (tls.md §5.1), each side checked by the engine first. */
    public SslContexts with(TlsParameters clients, TlsParameters servers) {
        clients.check("client", provider);
        servers.check("server", provider);
        return new SslContexts(provider, clients, servers);
    }

    public SslProvider provider() {
        return provider;
    }

    ClientFacingSettings clientFacingSettings() {
        return new ClientFacingSettings(provider, towardsClients);
    }

    /**
     * The server context that presents the leaf to a client, built once per leaf and ALPN list
     * (it lives in the certificate cache with the leaf). Building is CPU work: call it off the
     * event loop, or use {@link ClientFacingContexts}.
     */
    public SslContext clientFacing(LeafCert leaf, List<String> alpn) throws SSLException {
        return clientFacing(leaf, alpn, List.of());
    }

    /** The same, sending these certificates after the leaf's chain ({@code add_upstream_certs_to_client_chain}). */
    public SslContext clientFacing(LeafCert leaf, List<String> alpn, List<X509Certificate> extraChain) throws SSLException {
        ClientFacingSettings settings = clientFacingSettings();
        SslContext cached = leaf.cachedServerContext(settings, alpn, extraChain);
        if (cached != null) return cached;
        SslContextBuilder builder = provider == SslProvider.JDK
                ? SslContextBuilder.forServer(new LeafKeyManager(leaf, extraChain, leaf.privateKey()))
                // OpenSSL converts the chain to its own form (cached per context, not per handshake); the
                // key it gets already in that form, shared by every leaf of the CA.
                : SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(new KeyManagerFactoryWrapper(
                        new LeafKeyManager(leaf, extraChain, leaf.privateKeyForOpenSsl()))));
        SslContext built = towardsClients.applyTo(builder)
                .sslProvider(provider)
                .trustManager(NoClientCertificates.INSTANCE)
                .applicationProtocolConfig(alpnConfig(alpn))
                .build();
        return leaf.cacheServerContext(settings, alpn, extraChain, built);
    }

    /**
     * The client context for connections to servers. Host names are checked by the trust (tls.md
     * §5) against the SNI or peer host given to {@code newHandler(alloc, sniOrIp, port)}.
     */
    public SslContext upstream(UpstreamTrust trust, List<String> alpn) throws SSLException {
        return upstream(trust, alpn, null, true);
    }

    /**
     * The same, presenting a client certificate to servers that ask for one ({@code client_certs};
     * null for none), and with post-quantum key-exchange groups or only classical ones.
     */
    public SslContext upstream(UpstreamTrust trust, List<String> alpn, ClientCertificates.ClientCertificate clientCertificate,
                               boolean postQuantum) throws SSLException {
        SslContextBuilder builder = towardsServers.applyTo(SslContextBuilder.forClient());
        if (clientCertificate != null) builder.keyManager(clientCertificate.privateKey(), clientCertificate.chain());
        // The JDK's engine (Java 17) has no post-quantum groups to leave out.
        if (!postQuantum && provider != SslProvider.JDK) builder.option(OpenSslContextOption.GROUPS, KeyExchange.CLASSICAL_GROUPS);
        return builder
                .sslProvider(provider)
                .trustManager(trust.trustManager())
                // Netty's default (HTTPS) would add the JDK's or BoringSSL's own name check, with a CN
                // fallback and other messages; the trust manager does tls.md's check instead.
                .endpointIdentificationAlgorithm(null)
                .applicationProtocolConfig(alpnConfig(alpn))
                .build();
    }

    private static ApplicationProtocolConfig alpnConfig(List<String> alpn) {
        if (alpn.isEmpty()) return ApplicationProtocolConfig.DISABLED;
        // The only failure behaviours both OpenSSL and the JDK support: no match means no ALPN.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn);
    }
}
