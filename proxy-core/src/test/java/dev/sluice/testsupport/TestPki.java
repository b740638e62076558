package dev.sluice.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Certificates for tests, made independently of the production code: CAs, origin certificates
 * with chosen names and validity, and PEM files in the forms users have.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static KeyPair sharedRsa;

    /** A certificate, its key and the chain a server sends (the certificate first). */
    public record Issued(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
        /** The chain's certificates then the key, PEM, as a {@code certs} file or origin file. */
        public Path writePem(Path file) throws IOException {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : chain) pem.append(pem(c));
            pem.append(pkcs8(privateKey));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        }

        /** The certificate alone, PEM, as a trusted-CA file. */
        public Path writeCertificatePem(Path file) throws IOException {
            Files.writeString(file, pem(certificate), StandardCharsets.US_ASCII);
            return file;
        }

        /** A JDK server context presenting this certificate and chain (for TLS origins). */
        public SSLContext serverContext() {
            return serverContext(new X509Certificate[0]);
        }

        /**
         * The same, trusting client certificates issued by these CAs (for origins that ask for
         * one); none means the JDK's default trust.
         */
        public SSLContext serverContext(X509Certificate... clientIssuers) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("origin", privateKey, new char[0], chain.toArray(X509Certificate[]::new));
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
                javax.net.ssl.TrustManager[] trust = null;
                if (clientIssuers.length > 0) {
                    KeyStore issuers = KeyStore.getInstance("PKCS12");
                    issuers.load(null, null);
                    for (int i = 0; i < clientIssuers.length; i++) issuers.setCertificateEntry("issuer-" + i, clientIssuers[i]);
                    javax.net.ssl.TrustManagerFactory factory =
                            javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                    factory.init(issuers);
                    trust = factory.getTrustManagers();
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), trust, null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki() {
    }

    /** One 2048-bit RSA key pair shared by all test certificates that do not need their own (fast). */
    public static synchronized KeyPair sharedRsaKeyPair() {
        if (sharedRsa == null) sharedRsa = rsaKeyPair(2048);
        return sharedRsa;
    }

    public static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA with its own fresh RSA key. */
    public static Issued ca(String commonName) {
        return certificate().subject(commonName, commonName).ca().key(rsaKeyPair(2048)).selfSigned();
    }

    public static CertBuilder certificate() {
        return new CertBuilder();
    }

    /** Builds one certificate; defaults: no subject, no SANs, valid from an hour ago for a year, shared key. */
    public static final class CertBuilder {
        private String commonName;
        private String organization;
        private final List<String> dnsOrIp = new ArrayList<>();
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        private boolean ca;
        private KeyPair keyPair;

        public CertBuilder subject(String commonName, String organization) {
            this.commonName = commonName;
            this.organization = organization;
            return this;
        }

        /** SANs; IP literals become IP SANs. */
        public CertBuilder sans(String... names) {
            dnsOrIp.addAll(List.of(names));
            return this;
        }

        public CertBuilder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public CertBuilder ca() {
            this.ca = true;
            return this;
        }

        public CertBuilder key(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        public Issued signedBy(Issued issuer) {
            KeyPair keys = keyPair != null ? keyPair : sharedRsaKeyPair();
            X509Certificate c = build(keys, issuer.certificate().getSubjectX500Principal().getEncoded(), issuer.privateKey());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(c);
            chain.addAll(issuer.chain());
            return new Issued(c, keys.getPrivate(), chain);
        }

        public Issued selfSigned() {
            KeyPair keys = keyPair != null ? keyPair : sharedRsaKeyPair();
            X509Certificate c = build(keys, null, keys.getPrivate());
            return new Issued(c, keys.getPrivate(), List.of(c));
        }

        private X509Certificate build(KeyPair keys, byte[] issuerName, PrivateKey signingKey) {
            try {
                X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
                if (commonName != null) name.addRDN(BCStyle.CN, commonName);
                if (organization != null) name.addRDN(BCStyle.O, organization);
                X500Name subject = name.build();
                X500Name issuer = issuerName == null ? subject : X500Name.getInstance(issuerName);
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
                if (ca) {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    b.addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
                }
                if (!dnsOrIp.isEmpty()) {
                    GeneralName[] names = dnsOrIp.stream().map(CertBuilder::generalName).toArray(GeneralName[]::new);
                    b.addExtension(Extension.subjectAlternativeName, commonName == null, new GeneralNames(names));
                }
                String algorithm = signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
                return new JcaX509CertificateConverter().getCertificate(
                        b.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build a test certificate", e);
            }
        }

        private static GeneralName generalName(String name) {
            if (name.matches("[0-9.]+") || name.contains(":")) {
                try {
                    return new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(name).getAddress()));
                } catch (IOException e) {
                    throw new IllegalArgumentException(name, e);
                }
            }
            return new GeneralName(GeneralName.dNSName, name);
        }
    }

    public static String pem(X509Certificate certificate) {
        return write(certificate);
    }

    /** {@code BEGIN PRIVATE KEY}. */
    public static String pkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY} (with the curve, as OpenSSL writes it). */
    public static String traditional(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC")) return write(key);
        try {
            // The JDK's encoding leaves the curve out of the inner SEC1 structure; BouncyCastle's keeps it.
            return write(KeyFactory.getInstance("EC", BC).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY} (PKCS#8, AES-256, PBKDF2). */
    public static String encryptedPkcs8(PrivateKey key, String passphrase) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC).setRandom(RANDOM).setPassword(passphrase.toCharArray()).build();
            return write(new JcaPKCS8Generator(key, encryptor));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN RSA PRIVATE KEY} with {@code Proc-Type: 4,ENCRYPTED} (OpenSSL's legacy form). */
    public static String encryptedTraditional(PrivateKey key, String passphrase) {
        try {
            var encryptor = new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).setSecureRandom(RANDOM)
                    .build(passphrase.toCharArray());
            return write(new JcaMiscPEMGenerator(key, encryptor));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            if (o instanceof PemObjectGenerator g) {
                w.writeObject(g);
            } else {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
