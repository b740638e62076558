package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import dev.sluice.tls.CertSpec;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.ClientCertificates;
import dev.sluice.tls.ClientFacingContexts;
import dev.sluice.tls.CustomCerts;
import dev.sluice.tls.LeafCertificates;
import dev.sluice.tls.PassThroughRule;
import dev.sluice.tls.SslContexts;
import dev.sluice.tls.TlsConfigException;
import dev.sluice.tls.TlsParameters;
import dev.sluice.tls.TlsVersion;
import dev.sluice.tls.UpstreamContexts;
import dev.sluice.tls.UpstreamTrust;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The TLS options of interception (tls.md §1) and what they make: the certificate authority
 * from the confdir, the certificates presented to clients, the contexts towards servers and the
 * hosts that pass through untouched. The proxy reads them from here for every tunnel.
 *
 * <p>The CA is loaded by {@link #loadCertificateAuthority()} once the options are applied
 * (cli.md §3), and reloaded when {@code confdir}, {@code cert_passphrase} or {@code certs} change
 * later. Everything is rebuilt whole and swapped, so a tunnel in progress keeps what it started with.
 */
public final class TlsConfig implements Addon {
    /** The protocols Sluice offers servers when the client's offers are not known. */
    private static final List<List<String>> PREBUILT_ALPN = List.of(List.of(), SslContexts.HTTP_1_1);

    private Options options;
    private EventLog log;
    private volatile SslContexts sslContexts;
    private ExecutorService certificateWorkers;
    private volatile UpstreamContexts upstream;
    private volatile PassThroughRule passThrough = PassThroughRule.NONE;
    private volatile PassThroughRule tcpHosts = PassThroughRule.NONE;
    private volatile List<CertSpec> customCerts = List.of();
    /** Null until {@link #loadCertificateAuthority()}. */
    private volatile Interception interception;

    /** The CA and the certificates made with it, replaced together. */
    private record Interception(CertificateAuthority authority, LeafCertificates leaves, ClientFacingContexts clientFacing) {
    }

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        log = sluice.log();
        sslContexts = SslContexts.fromSystemProperty();
        // Certificates are CPU work: a small pool of their own, so a CONNECT storm cannot spawn threads.
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        certificateWorkers = Executors.newFixedThreadPool(threads, Sluice.daemonThreads("sluice-certs"));
        options.register(OptionSpec.bool("upstream_cert", true,
                "Connect to upstream server to look up certificate details."));
        options.register(OptionSpec.choice("connection_strategy", "eager", List.of("eager", "lazy"),
                "Determine when server connections should be established. When set to lazy, Sluice tries to defer "
                        + "establishing an upstream connection as long as possible. This makes it possible to use "
                        + "server replay while being offline. When set to eager, Sluice can detect protocols with "
                        + "server-side greetings, as well as accurately mirror TLS ALPN negotiation."));
        options.register(OptionSpec.bool("ssl_insecure", false, "Do not verify upstream server SSL/TLS certificates."));
        options.register(OptionSpec.optionalStr("ssl_verify_upstream_trusted_ca",
                "Path to a PEM formatted trusted CA certificate, trusted in addition to the Java runtime's trust store."));
        options.register(OptionSpec.optionalStr("ssl_verify_upstream_trusted_confdir",
                "Path to a directory of trusted CA certificates for upstream server verification, trusted in addition "
                        + "to the Java runtime's trust store."));
        options.register(OptionSpec.list("certs", List.of(),
                "SSL certificates of the form \"[domain=]path\". The domain may include a wildcard, and is equal to "
                        + "\"*\" if not specified. The file at path is a certificate in PEM format. If a private key is "
                        + "included in the PEM, it is used, else the default key in the conf dir is used. The PEM file "
                        + "should contain the full certificate chain, with the leaf certificate as the first entry."));
        options.rereadWhenSetAgain("certs");
        options.register(OptionSpec.optionalStr("cert_passphrase",
                "Passphrase for decrypting the private key provided in the --cert option."));
        options.register(OptionSpec.integer("key_size", CertificateAuthority.MIN_KEY_SIZE,
                "TLS key size for certificates and CA."));
        options.register(OptionSpec.list("ignore_hosts", List.of(),
                "Ignore host and forward all traffic without processing it. In transparent mode, it is recommended "
                        + "to use an IP address (range), not the hostname. In regular mode, only SSL traffic is ignored "
                        + "and the hostname should be used. The supplied value is interpreted as a regular expression "
                        + "and matched on the ip or the hostname."));
        options.register(OptionSpec.list("allow_hosts", List.of(),
                "Opposite of --ignore-hosts."));
        options.register(OptionSpec.list("tcp_hosts", List.of(),
                "Generic TCP SSL proxy mode for all hosts that match the pattern. Similar to --ignore-hosts, but "
                        + "SSL connections are intercepted. The communication contents are printed to the log in "
                        + "verbose mode."));
        options.register(OptionSpec.bool("show_ignored_hosts", false,
                "Record ignored flows in the UI even if we do not perform TLS interception. This option will keep "
                        + "ignored flows' contents in memory, which can greatly increase memory usage."));
        options.register(OptionSpec.bool("add_upstream_certs_to_client_chain", false,
                "Add all certificates of the upstream server to the certificate chain that will be served to the "
                        + "proxy client, as extras."));
        options.register(OptionSpec.optionalStr("client_certs",
                "Client certificate file or directory: a PEM file (certificate and key) presented to every server "
                        + "that asks, or a directory from which <host>.pem is chosen by the SNI, else the server's host."));
        for (String side : List.of("client", "server")) {
            String towards = side.equals("client") ? "clients" : "servers";
            options.register(OptionSpec.optionalStr("ciphers_" + side,
                    "Set supported ciphers for " + side + " <-> Sluice connections: a colon-separated list of cipher "
                            + "suite names (IANA names, or the OpenSSL names of common suites)."));
            options.register(OptionSpec.choice("tls_version_" + side + "_min", "TLS1_2", TlsVersion.CHOICES,
                    "Set the minimum TLS version for connections with " + towards + "."));
            options.register(OptionSpec.choice("tls_version_" + side + "_max", "UNBOUNDED", TlsVersion.CHOICES,
                    "Set the maximum TLS version for connections with " + towards + "."));
        }
        options.register(OptionSpec.bool("rawtcp", true,
                "Enable/disable raw TCP connections. TCP connections are enabled by default."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        try {
            if (changed.contains("key_size")) CertificateAuthority.requireValidKeySize((int) options.integer("key_size"));
            if (options.bool("add_upstream_certs_to_client_chain") && !options.bool("upstream_cert")) {
                throw new TlsConfigException("add_upstream_certs_to_client_chain requires the upstream_cert option to be enabled.");
            }
            if (changed.contains("ignore_hosts") || changed.contains("allow_hosts")) {
                passThrough = PassThroughRule.of(options.list("ignore_hosts"), options.list("allow_hosts"));
            }
            if (changed.contains("tcp_hosts")) tcpHosts = PassThroughRule.anyOf("tcp_hosts", options.list("tcp_hosts"));
            boolean versionsChanged = changed.stream().anyMatch(name -> name.startsWith("tls_version_") || name.startsWith("ciphers_"));
            if (versionsChanged) {
                sslContexts = sslContexts.with(parameters("client"), parameters("server"));
            }
            if (versionsChanged || changed.contains("ssl_insecure") || changed.contains("ssl_verify_upstream_trusted_ca")
                    || changed.contains("ssl_verify_upstream_trusted_confdir") || changed.contains("client_certs")
                    || changed.contains("cert_passphrase")) {
                upstream = new UpstreamContexts(sslContexts, trust(), clientCertificates(), PREBUILT_ALPN);
            }
            boolean certsChanged = changed.contains("certs") || changed.contains("cert_passphrase");
            if (certsChanged) customCerts = parseCerts();
            if (interception != null && (certsChanged || changed.contains("confdir"))) {
                loadCertificateAuthority();
            } else if (interception != null && versionsChanged) {
                // the certificates stay; the contexts presenting them are made anew with the new versions and suites
                Interception current = interception;
                interception = new Interception(current.authority(), current.leaves(),
                        new ClientFacingContexts(current.leaves(), sslContexts, certificateWorkers));
            }
        } catch (TlsConfigException e) {
            throw new OptionsException(e.getMessage());
        }
    }

    private TlsParameters parameters(String side) {
        return TlsParameters.of(side, options.str("tls_version_" + side + "_min"), options.str("tls_version_" + side + "_max"),
                options.str("ciphers_" + side));
    }

    private ClientCertificates clientCertificates() {
        String path = options.str("client_certs");
        return path == null ? ClientCertificates.NONE : ClientCertificates.of(Paths.expand(path), options.str("cert_passphrase"));
    }

    private UpstreamTrust trust() {
        if (options.bool("ssl_insecure")) return UpstreamTrust.insecure();
        String file = options.str("ssl_verify_upstream_trusted_ca");
        String dir = options.str("ssl_verify_upstream_trusted_confdir");
        return UpstreamTrust.verifying(file == null ? null : Paths.expand(file), dir == null ? null : Paths.expand(dir));
    }

    private List<CertSpec> parseCerts() {
        List<CertSpec> specs = new ArrayList<>();
        for (String item : options.list("certs")) specs.add(CertSpec.parse(item, options.str("cert_passphrase")));
        return List.copyOf(specs);
    }

    /**
     * Loads the CA from the confdir, creating it there on first use, and makes a fresh
     * certificate cache with it. Call it once the options are applied and before the proxy listens.
     *
     * @throws TlsConfigException with the user's message (for example {@code Invalid CA file <path>: no private key})
     */
    public synchronized void loadCertificateAuthority() {
        Path confdir = Paths.expand(options.str("confdir"));
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(confdir, (int) options.integer("key_size"),
                options.str("cert_passphrase"), log);
        LeafCertificates leaves = new LeafCertificates(authority, CustomCerts.of(customCerts, authority.privateKey()),
                certificateWorkers, log);
        interception = new Interception(authority, leaves, new ClientFacingContexts(leaves, sslContexts, certificateWorkers));
    }

    /** The certificate authority, or null before {@link #loadCertificateAuthority()}. */
    public CertificateAuthority certificateAuthority() {
        Interception current = interception;
        return current == null ? null : current.authority();
    }

    /** The certificates presented to clients, or null before the CA is loaded. */
    public LeafCertificates leafCertificates() {
        Interception current = interception;
        return current == null ? null : current.leaves();
    }

    /** The contexts presenting those certificates, or null before the CA is loaded (no interception then). */
    public ClientFacingContexts clientFacing() {
        Interception current = interception;
        return current == null ? null : current.clientFacing();
    }

    /** Contexts for TLS towards servers under the current trust options. */
    public UpstreamContexts upstream() {
        return upstream;
    }

    /** {@code ignore_hosts} / {@code allow_hosts}. */
    public PassThroughRule passThrough() {
        return passThrough;
    }

    /** {@code tcp_hosts}: tunnels handled as raw TCP flows (TLS still intercepted). */
    public PassThroughRule tcpHosts() {
        return tcpHosts;
    }

    /** {@code show_ignored_hosts}: passed-through tunnels are recorded as tcp flows. */
    public boolean showsIgnoredHosts() {
        return options.bool("show_ignored_hosts");
    }

    /** {@code upstream_cert}: copy the server certificate's names into the presented one. */
    public boolean copiesUpstreamNames() {
        return options.bool("upstream_cert");
    }

    /** {@code add_upstream_certs_to_client_chain}: the client also receives the server's certificates. */
    public boolean addsUpstreamCertsToClientChain() {
        return options.bool("add_upstream_certs_to_client_chain");
    }

    /** {@code connection_strategy=eager}: connect to the server before answering a CONNECT. */
    public boolean connectsEagerly() {
        return "eager".equals(options.str("connection_strategy"));
    }

    /** {@code rawtcp}: relay tunnels that carry neither TLS nor HTTP. */
    public boolean relaysRawTcp() {
        return options.bool("rawtcp");
    }

    @Override
    public void done() {
        certificateWorkers.shutdownNow();
    }
}
