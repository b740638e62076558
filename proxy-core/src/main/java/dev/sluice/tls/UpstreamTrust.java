package dev.sluice.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * Which servers Sluice trusts (tls.md §5): the JDK's default trust store plus the CAs of
 * {@code ssl_verify_upstream_trusted_ca} and {@code ssl_verify_upstream_trusted_confdir}, or
 * anything at all with {@code ssl_insecure}. Immutable; build a new one when those options change.
 */
public final class UpstreamTrust {
    private final TrustManager trustManager;
    private final boolean insecure;

    private UpstreamTrust(TrustManager trustManager, boolean insecure) {
        this.trustManager = trustManager;
        this.insecure = insecure;
    }

    /** {@code ssl_insecure}: no chain and no host name checks. */
    public static UpstreamTrust insecure() {
        return new UpstreamTrust(InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0], true);
    }

    /** The JDK's default trust store only. */
    public static UpstreamTrust jdkDefault() {
        return verifying(null, null);
    }

    /**
     * The JDK's default trust store plus extra CAs.
     *
     * @param trustedCaFile a PEM file of CA certificates, or null
     * @param trustedCaDir  a directory of PEM files, or null
     * @throws TlsConfigException when a path does not exist or holds no readable certificates
     */
    public static UpstreamTrust verifying(Path trustedCaFile, Path trustedCaDir) {
        List<X509Certificate> extra = new ArrayList<>();
        if (trustedCaFile != null) extra.addAll(certificatesInFile(trustedCaFile));
        if (trustedCaDir != null) extra.addAll(certificatesInDirectory(trustedCaDir));
        try {
            X509TrustManager jdk = x509TrustManager(null);
            if (extra.isEmpty()) return new UpstreamTrust(new VerifyingTrustManager(jdk), false);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate certificate : jdk.getAcceptedIssuers()) store.setCertificateEntry("jdk-" + n++, certificate);
            for (X509Certificate certificate : extra) store.setCertificateEntry("extra-" + n++, certificate);
            return new UpstreamTrust(new VerifyingTrustManager(x509TrustManager(store)), false);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the trust store: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager x509TrustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    private static List<X509Certificate> certificatesInFile(Path file) {
        String option = "ssl_verify_upstream_trusted_ca";
        if (!Files.isRegularFile(file)) throw invalid(option, "file does not exist: " + file);
        List<X509Certificate> certificates = read(option, file);
        if (certificates.isEmpty()) throw invalid(option, "no certificate in " + file);
        return certificates;
    }

    /** Every regular file of the directory; files without certificates (a README) are skipped. */
    private static List<X509Certificate> certificatesInDirectory(Path dir) {
        String option = "ssl_verify_upstream_trusted_confdir";
        if (!Files.isDirectory(dir)) throw invalid(option, "directory does not exist: " + dir);
        List<X509Certificate> certificates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            TreeSet<Path> files = new TreeSet<>();
            for (Path entry : entries) if (Files.isRegularFile(entry)) files.add(entry);
            for (Path file : files) certificates.addAll(read(option, file));
        } catch (IOException e) {
            throw invalid(option, "cannot read " + dir + " (" + e.getClass().getSimpleName() + ")");
        }
        return certificates;
    }

    private static List<X509Certificate> read(String option, Path file) {
        try {
            return Pem.read(Files.readAllBytes(file), null).certificates();
        } catch (IOException e) {
            throw invalid(option, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (Pem.InvalidPemException e) {
            throw invalid(option, file + ": " + e.getMessage());
        }
    }

    private static TlsConfigException invalid(String option, String reason) {
        return new TlsConfigException("Invalid value for " + option + ": " + reason);
    }

    /** Whether chain and host name checks are off ({@code ssl_insecure}). */
    public boolean isInsecure() {
        return insecure;
    }

    TrustManager trustManager() {
        return trustManager;
    }
}
