package dev.sluice.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs interception certificates with the CA (tls.md §3). Everything that is the same for every
 * leaf (issuer name, public key, extension encodings, signer set-up) is prepared once, so a new
 * leaf costs one signature, made natively when {@link NativeSignatures} has loaded. Thread-safe.
 */
final class LeafIssuer {
    static final Duration BACKDATE = Duration.ofDays(2);
    static final Duration VALID_AHEAD = Duration.ofDays(197);

    private final CertificateAuthority ca;
    private final X500Name issuer;
    private final SubjectPublicKeyInfo publicKey;
    private final Extension authorityKeyIdentifier;
    private final Extension serverAuth;
    private final Signer jdkSigner;
    /** The native provider once it is ready, else null (the JDK signs). */
    private final Supplier<Provider> nativeProvider;
    /** Set once the native provider is ready: its signer, or the JDK's if it cannot take the key. */
    private volatile Signer nativeSigner;
    /** The CA's key, which every leaf presents: one object, so its OpenSSL form is made once. */
    private final LeafKey leafKey;

    LeafIssuer(CertificateAuthority ca) {
        this(ca, NativeSignatures::ifReady);
    }

    LeafIssuer(CertificateAuthority ca, Supplier<Provider> nativeProvider) {
        this.ca = ca;
        this.nativeProvider = nativeProvider;
        X509Certificate caCertificate = ca.certificate();
        // The issuer must equal the CA's subject byte for byte, so take its encoding as is.
        this.issuer = Certificates.subject(caCertificate);
        this.publicKey = SubjectPublicKeyInfo.getInstance(ca.publicKey().getEncoded());
        try {
            this.authorityKeyIdentifier = new Extension(Extension.authorityKeyIdentifier, false,
                    new DEROctetString(authorityKeyIdentifier(caCertificate)));
            this.serverAuth = new Extension(Extension.extendedKeyUsage, false,
                    new DEROctetString(new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));
        } catch (IOException | CertificateException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot prepare leaf extensions: " + e.getMessage(), e);
        }
        this.jdkSigner = new Signer(Certificates.signerBuilder(ca.privateKey()), ca.privateKey());
        this.leafKey = new LeafKey(ca.privateKey());
    }

    /** The CA's own key identifier when it has one, else one computed from its key. */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate caCertificate)
            throws CertificateException, NoSuchAlgorithmException {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(
                new JcaX509CertificateHolder(caCertificate).getExtensions());
        return ski != null
                ? new AuthorityKeyIdentifier(ski.getKeyIdentifier())
                : new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate.getPublicKey());
    }

    LeafCert issue(CertRequest request) {
        Instant now = Instant.now();
        String commonName = request.commonName();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, Certificates.randomSerial(),
                Certificates.validityTime(now.minus(BACKDATE)), Certificates.validityTime(now.plus(VALID_AHEAD)),
                Certificates.name(commonName, request.organization()), publicKey);
        try {
            // Without a CN the subject is empty, and RFC 5280 then requires a critical SAN.
            builder.addExtension(Extension.subjectAlternativeName, commonName == null, alternativeNames(request));
            builder.addExtension(serverAuth);
            builder.addExtension(authorityKeyIdentifier);
            X509Certificate leaf = Certificates.toX509(sign(builder));
            List<X509Certificate> chain = new ArrayList<>(ca.chain().size() + 1);
            chain.add(leaf);
            chain.addAll(ca.chain());
            return new LeafCert(chain, leafKey);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private X509CertificateHolder sign(X509v3CertificateBuilder builder) {
        Signer signer = signer();
        try {
            return builder.build(signer.contentSigner());
        } catch (RuntimeException e) {
            if (signer == jdkSigner) throw e;
            // A key the native provider cannot take: the JDK signs this leaf and all later ones.
            nativeSigner = jdkSigner;
            return builder.build(jdkSigner.contentSigner());
        }
    }

    private Signer signer() {
        Signer signer = nativeSigner;
        if (signer != null) return signer;
        Provider provider = nativeProvider.get();
        if (provider == null) return jdkSigner;
        PrivateKey key = ca.privateKey();
        try {
            // The provider's own form of the key, made once: handed a JDK key, it would parse it
            // and redo the key's set-up for every signature, which costs more than the signature.
            PrivateKey nativeKey = (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
            signer = new Signer(Certificates.signerBuilder(key).setProvider(provider), nativeKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            signer = jdkSigner;
        }
        nativeSigner = signer;
        return signer;
    }

    /** A signing set-up and the form of the CA key it takes. */
    private record Signer(JcaContentSignerBuilder builder, PrivateKey key) {
        ContentSigner contentSigner() {
            return Certificates.signer(builder, key);
        }
    }

    private static GeneralNames alternativeNames(CertRequest request) {
        GeneralName[] names = new GeneralName[request.names().size()];
        for (int i = 0; i < names.length; i++) {
            String name = request.names().get(i);
            InetAddress ip = HostNames.ipLiteral(name);
            names[i] = ip != null
                    ? new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))
                    : new GeneralName(GeneralName.dNSName, name);
        }
        return new GeneralNames(names);
    }
}
