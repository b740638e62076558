package dev.sluice.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.sluice.log.EventLog;

/**
 * The certificate authority that signs every interception certificate, found in or created in
 * the confdir (tls.md §2). Immutable; load a new one when {@code confdir} changes.
 */
public final class CertificateAuthority {
    public static final int MIN_KEY_SIZE = 2048;
    private static final String SLUICE = "sluice";
    private static final String MITMPROXY = "mitmproxy";

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final String baseName;
    private final Map<CaDownload, byte[]> downloads;

    private CertificateAuthority(List<X509Certificate> chain, PrivateKey privateKey, String baseName, byte[] pem) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
        this.baseName = baseName;
        this.downloads = new EnumMap<>(CaDownload.class);
        downloads.put(CaDownload.PEM, pem);
        downloads.put(CaDownload.CER, pem);
        downloads.put(CaDownload.P12, Pkcs12.certificateOnly(chain.get(0), baseName));
    }

    /** {@link #loadOrCreate(Path, int, String, EventLog)} without a passphrase. */
    public static CertificateAuthority loadOrCreate(Path confdir, int keySize, EventLog log) {
        return loadOrCreate(confdir, keySize, null, log);
    }

    /**
     * Loads {@code sluice-ca.pem}, else mitmproxy's {@code mitmproxy-ca.pem}, else creates and
     * writes a new CA. An unusable file is never replaced.
     *
     * @param passphrase {@code cert_passphrase} for an encrypted key, or null
     * @throws TlsConfigException with the user's message, e.g. {@code Invalid CA file <path>: no private key}
     */
    public static CertificateAuthority loadOrCreate(Path confdir, int keySize, String passphrase, EventLog log) {
        return loadOrCreate(confdir, keySize, passphrase, log, Path.of(System.getProperty("user.home")));
    }

    static CertificateAuthority loadOrCreate(Path confdir, int keySize, String passphrase, EventLog log, Path home) {
        requireValidKeySize(keySize);
        try {
            CaFiles.createDirectoryIfMissing(confdir);
            Path sluiceFile = CaFiles.keyAndCertificate(confdir, SLUICE);
            if (Files.exists(sluiceFile)) {
                return load(confdir, SLUICE, passphrase, log);
            }
            Path mitmproxyFile = CaFiles.keyAndCertificate(confdir, MITMPROXY);
            if (Files.exists(mitmproxyFile)) {
                log.info("Using mitmproxy's certificate authority from " + mitmproxyFile);
                return load(confdir, MITMPROXY, passphrase, log);
            }
            return create(confdir, keySize, passphrase, log, home);
        } catch (IOException e) {
            throw new TlsConfigException("Cannot use confdir " + confdir + ": " + e, e);
        }
    }

    /** The {@code key_size} option's check. */
    public static void requireValidKeySize(int keySize) {
        if (keySize < MIN_KEY_SIZE) {
            throw new TlsConfigException("Invalid value for key_size: must be at least " + MIN_KEY_SIZE);
        }
    }

    private static CertificateAuthority create(Path confdir, int keySize, String passphrase, EventLog log, Path home)
            throws IOException {
        CaGenerator.NewCa ca = CaGenerator.generate(keySize);
        String certificatePem = Pem.certificate(ca.certificate());
        byte[] keyAndCertificate = (Pem.rsaPrivateKey(ca.keyPair().getPrivate()) + certificatePem)
                .getBytes(StandardCharsets.US_ASCII);
        if (!CaFiles.createExclusively(CaFiles.keyAndCertificate(confdir, SLUICE), keyAndCertificate, CaFiles.OWNER_ONLY)) {
            // Another Sluice created its CA at the same moment: use that one.
            return load(confdir, SLUICE, passphrase, log);
        }
        byte[] pem = certificatePem.getBytes(StandardCharsets.US_ASCII);
        CertificateAuthority created = new CertificateAuthority(List.of(ca.certificate()), ca.keyPair().getPrivate(), SLUICE, pem);
        for (CaDownload form : CaDownload.values()) {
            CaFiles.replace(CaFiles.certificate(confdir, SLUICE, form), created.download(form), CaFiles.PUBLIC);
        }
        log.info("Created a new certificate authority in " + confdir);
        hintAtMitmproxyCa(confdir, home, log);
        return created;
    }

    private static void hintAtMitmproxyCa(Path confdir, Path home, EventLog log) {
        boolean defaultConfdir = confdir.toAbsolutePath().normalize().equals(home.resolve(".sluice").toAbsolutePath().normalize());
        if (defaultConfdir && Files.exists(CaFiles.keyAndCertificate(home.resolve(".mitmproxy"), MITMPROXY))) {
            log.info("Found mitmproxy's CA in ~/.mitmproxy; start with --set confdir=~/.mitmproxy "
                    + "to keep devices that trust it working.");
        }
    }

    private static CertificateAuthority load(Path confdir, String baseName, String passphrase, EventLog log) {
        Path file = CaFiles.keyAndCertificate(confdir, baseName);
        Pem.Contents contents;
        try {
            contents = Pem.read(Files.readAllBytes(file), passphrase);
        } catch (IOException e) {
            throw invalid(file, "cannot read the file (" + e.getClass().getSimpleName() + ")");
        } catch (Pem.InvalidPemException e) {
            throw invalid(file, e.getMessage());
        }
        if (contents.privateKey() == null) throw invalid(file, "no private key");
        if (contents.certificates().isEmpty()) throw invalid(file, "no certificate");
        X509Certificate certificate = contents.certificates().get(0);
        if (!Certificates.keyMatches(contents.privateKey(), certificate.getPublicKey())) {
            throw invalid(file, "private key does not match certificate");
        }
        warnIfOutsideValidity(certificate, confdir, baseName, log);
        return new CertificateAuthority(contents.certificates(), contents.privateKey(), baseName,
                downloadablePem(confdir, baseName, certificate));
    }

    /**
     * The PEM to hand out: an existing {@code <base>-ca-cert.pem} of the same certificate byte for
     * byte (so the page matches what mitmproxy users have), else freshly encoded.
     */
    private static byte[] downloadablePem(Path confdir, String baseName, X509Certificate certificate) {
        try {
            byte[] existing = Files.readAllBytes(CaFiles.certificate(confdir, baseName, CaDownload.PEM));
            List<X509Certificate> parsed = Pem.read(existing, null).certificates();
            if (parsed.size() == 1 && parsed.get(0).equals(certificate)) return existing;
        } catch (NoSuchFileException e) {
            // normal: fall through and encode
        } catch (IOException | Pem.InvalidPemException e) {
            // a damaged public copy does not matter: the loaded certificate is the truth
        }
        return Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII);
    }

    private static void warnIfOutsideValidity(X509Certificate certificate, Path confdir, String baseName, EventLog log) {
        Date now = new Date();
        Date boundary = now.after(certificate.getNotAfter()) ? certificate.getNotAfter()
                : now.before(certificate.getNotBefore()) ? certificate.getNotBefore() : null;
        if (boundary == null) return;
        String date = DateTimeFormatter.ISO_LOCAL_DATE.format(boundary.toInstant().atOffset(ZoneOffset.UTC));
        log.warn("The Sluice certificate authority has expired (" + date + "); delete "
                + confdir.resolve(baseName + "-ca*.pem") + " to create a new one.");
    }

    private static TlsConfigException invalid(Path file, String reason) {
        return new TlsConfigException("Invalid CA file " + file + ": " + reason);
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The CA certificate followed by any further certificates of the CA file: sent after each leaf. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The CA's private key; leaves are signed with it and also reuse it as their own key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return certificate().getPublicKey();
    }

    /** Whether this is mitmproxy's CA ({@code mitmproxy-ca.pem}) reused as is. */
    public boolean isMitmproxyCa() {
        return MITMPROXY.equals(baseName);
    }

    /** The bytes a device downloads in the given form (a fresh copy). */
    public byte[] download(CaDownload form) {
        byte[] bytes = downloads.get(form);
        return Arrays.copyOf(bytes, bytes.length);
    }

    /** {@code sluice-ca-cert.<ext>}, or {@code mitmproxy-ca-cert.<ext>} for mitmproxy's CA. */
    public String downloadFileName(CaDownload form) {
        return CaFiles.certificate(Path.of(""), baseName, form).toString();
    }

    /** SHA-256 of the certificate's DER, lower-case hex. */
    public String sha256Fingerprint() {
        return Certificates.sha256Hex(certificate());
    }
}
