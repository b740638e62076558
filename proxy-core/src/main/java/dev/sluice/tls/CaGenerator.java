package dev.sluice.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Makes a new CA key pair and its self-signed certificate (tls.md §2.3). */
final class CaGenerator {
    static final String NAME = "sluice";
    /** Backdated so that clients whose clock is slow still accept the certificate. */
    static final Duration BACKDATE = Duration.ofDays(2);
    static final Duration VALIDITY = Duration.ofDays(3650);

    record NewCa(KeyPair keyPair, X509Certificate certificate) {
    }

    private CaGenerator() {
    }

    static NewCa generate(int keySize) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(keySize, RSAKeyGenParameterSpec.F4));
            KeyPair keyPair = generator.generateKeyPair();
            return new NewCa(keyPair, selfSigned(keyPair));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create a certificate authority: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keyPair)
            throws NoSuchAlgorithmException, CertIOException, CertificateException {
        X500Name name = Certificates.name(NAME, NAME);
        Instant notBefore = Instant.now().minus(BACKDATE);
        Instant notAfter = notBefore.plus(VALIDITY);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, Certificates.randomSerial(),
                Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        var signer = Certificates.signer(Certificates.signerBuilder(keyPair.getPrivate()), keyPair.getPrivate());
        return Certificates.toX509(builder.build(signer));
    }
}
