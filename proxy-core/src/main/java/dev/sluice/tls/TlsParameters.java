package dev.sluice.tls;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The TLS versions and cipher suites of one side (tls.md §5.1): towards clients
 * ({@code tls_version_client_*}, {@code ciphers_client}) or towards servers. Both engines get the
 * same lists. A cipher list names every suite allowed, so a version none of them belongs to is
 * not offered (BoringSSL cannot restrict TLS 1.3 otherwise).
 *
 * @param protocols JSSE protocol names, lowest first
 * @param ciphers   JSSE suite names; empty for the engine's defaults
 */
public record TlsParameters(List<String> protocols, List<String> ciphers) {
    /** The defaults: TLS 1.2 and 1.3 with the engine's suites. */
    public static final TlsParameters DEFAULTS = new TlsParameters(List.of("TLSv1.2", "TLSv1.3"), List.of());

    public TlsParameters {
        protocols = List.copyOf(protocols);
        ciphers = List.copyOf(ciphers);
    }

    /**
     * The parameters of one side from its option values.
     *
     * @param side {@code client} or {@code server}
     * @throws TlsConfigException with the option's name and the reason
     */
    public static TlsParameters of(String side, String minimum, String maximum, String cipherList) {
        List<String> versions = TlsVersion.between(side, TlsVersion.valueOf(minimum), TlsVersion.valueOf(maximum));
        List<String> ciphers = CipherSuites.parse("ciphers_" + side, cipherList);
        if (ciphers.isEmpty()) return new TlsParameters(versions, ciphers);
        boolean anyTls13 = ciphers.stream().anyMatch(CipherSuites::isTls13);
        boolean anyOlder = ciphers.stream().anyMatch(suite -> !CipherSuites.isTls13(suite));
        List<String> usable = new ArrayList<>();
        for (String version : versions) if ("TLSv1.3".equals(version) ? anyTls13 : anyOlder) usable.add(version);
        if (usable.isEmpty()) {
            throw new TlsConfigException("Invalid value for ciphers_" + side + ": no listed cipher suite belongs to "
                    + String.join(", ", versions));
        }
        return new TlsParameters(usable, ciphers);
    }

    /** Sets the versions and suites on a context being built. */
    SslContextBuilder applyTo(SslContextBuilder builder) {
        builder.protocols(protocols);
        // The JDK skips suites it does not support; OpenSSL refuses them when the context is built.
        if (!ciphers.isEmpty()) builder.ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
        return builder;
    }

    /**
     * Builds a throw-away context with the engine, so a list the engine refuses is an options
     * error now rather than a failed handshake later.
     *
     * @throws TlsConfigException {@code Invalid value for ciphers_<side>: <engine's reason>}
     */
    public void check(String side, SslProvider provider) {
        try {
            applyTo(SslContextBuilder.forClient().sslProvider(provider).trustManager(InsecureTrustManagerFactory.INSTANCE))
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException("Invalid value for ciphers_" + side + ": " + e.getMessage(), e);
        }
    }
}
