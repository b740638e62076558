package dev.sluice.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * One item of the {@code certs} option, {@code [domain=]path} (tls.md §6): a certificate to present
 * instead of a generated one.
 *
 * @param domain     the extra name it is registered under, {@code *} when not given
 * @param path       the PEM file, {@code ~} expanded
 * @param chain      the certificate first, then its chain as in the file
 * @param privateKey the file's key, or null when the CA's key is meant to match the certificate
 */
public record CertSpec(String domain, Path path, List<X509Certificate> chain, PrivateKey privateKey) {
    public static final String ANY_DOMAIN = "*";

    public CertSpec {
        chain = List.copyOf(chain);
    }

    /** {@link #parse(String, String)} without a passphrase. */
    public static CertSpec parse(String item) {
        return parse(item, null);
    }

    /**
     * Parses and loads one item.
     *
     * @param passphrase {@code cert_passphrase} for an encrypted key, or null
     * @throws TlsConfigException {@code Cannot parse certs option <item>: <reason>}
     */
    public static CertSpec parse(String item, String passphrase) {
        int eq = item.indexOf('=');
        String domain = eq < 0 ? ANY_DOMAIN : item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String file = dev.sluice.option.Paths.expand(eq < 0 ? item : item.substring(eq + 1)).toString();
        try {
            return load(domain, file, passphrase);
        } catch (InvalidItem e) {
            throw new TlsConfigException("Cannot parse certs option " + item + ": " + e.getMessage());
        }
    }

    private static CertSpec load(String domain, String file, String passphrase) throws InvalidItem {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(path)) throw new InvalidItem("Certificate file does not exist: " + file);
        Pem.Contents contents;
        try {
            contents = Pem.read(Files.readAllBytes(path), passphrase);
        } catch (IOException e) {
            throw new InvalidItem("Invalid certificate format for " + file + ": cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        } catch (Pem.InvalidPemException e) {
            throw new InvalidItem("Invalid certificate format for " + file + ": " + e.getMessage());
        }
        if (contents.certificates().isEmpty()) {
            throw new InvalidItem("Invalid certificate format for " + file + ": no certificate");
        }
        PrivateKey key = contents.privateKey();
        if (key != null && !Certificates.keyMatches(key, contents.certificates().get(0).getPublicKey())) {
            throw new InvalidItem("Private key in " + file + " does not match its certificate");
        }
        return new CertSpec(domain, path, contents.certificates(), key);
    }

    /** The certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    private static final class InvalidItem extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidItem(String reason) {
            super(reason);
        }
    }
}
