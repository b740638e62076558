package dev.sluice.tls;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.OpenSsl;

/**
 * The {@code ciphers_client} / {@code ciphers_server} values (tls.md §5.1): colon-separated
 * cipher suite names, IANA/JSSE names or the OpenSSL names of common suites, turned into JSSE
 * names. OpenSSL's cipher-string keywords ({@code HIGH}, {@code !aNULL}) are refused like any
 * unknown name: each entry must name one suite.
 */
final class CipherSuites {
    /** OpenSSL's names of the suites in common use (Mozilla's modern, intermediate and old lists). */
    private static final Map<String, String> OPENSSL_NAMES = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));

    /** The suites that exist only in TLS 1.3 (and the only ones TLS 1.3 has). */
    private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private static volatile Set<String> known;

    private CipherSuites() {
    }

    /**
     * The JSSE names of a colon-separated list; an empty list for null or blank (the engine's defaults).
     *
     * @param option the option's name, for the message
     * @throws TlsConfigException {@code Invalid value for <option>: unknown cipher suite <name>}
     */
    static List<String> parse(String option, String value) {
        if (value == null || value.isBlank()) return List.of();
        Set<String> suites = new LinkedHashSet<>();
        for (String entry : value.split(":")) {
            String name = entry.strip();
            if (name.isEmpty()) continue;
            String jsse = OPENSSL_NAMES.getOrDefault(name, name);
            if (!knownSuites().contains(jsse)) {
                throw new TlsConfigException("Invalid value for " + option + ": unknown cipher suite " + name);
            }
            suites.add(jsse);
        }
        return List.copyOf(suites);
    }

    /** Whether the suite is one of TLS 1.3's. */
    static boolean isTls13(String suite) {
        return TLS13_SUITES.contains(suite);
    }

    /** Every suite either engine knows by its JSSE name. */
    private static Set<String> knownSuites() {
        Set<String> result = known;
        if (result != null) return result;
        Set<String> all = new HashSet<>(TLS13_SUITES);
        all.addAll(OPENSSL_NAMES.values());
        try {
            all.addAll(List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime has no TLS", e);
        }
        if (OpenSsl.isAvailable()) all.addAll(new ArrayList<>(OpenSsl.availableJavaCipherSuites()));
        all.remove("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"); // a signal, not a suite
        known = Set.copyOf(all);
        return known;
    }
}
