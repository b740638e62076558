package dev.sluice.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.x500.RDN;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Small certificate helpers shared by the CA and the leaf issuer. */
final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Certificates() {
    }

    /** A random positive 128-bit serial number: unique without any shared counter. */
    static BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    /**
     * A certificate validity time, to the second: UTCTime for the years 1950 to 2049, GeneralizedTime
     * otherwise (RFC 5280 §4.1.2.5). BouncyCastle's {@code new Time(Date)} does the same with a new
     * {@code SimpleDateFormat} per call, which is a tenth of a new leaf's cost besides its signature;
     * decoding the DER form built here makes no date formatter at all.
     */
    static Time validityTime(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        boolean utcTime = year >= 1950 && year <= 2049;
        byte[] text = (utcTime ? UTC_TIME : GENERALIZED_TIME).format(instant).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[text.length + 2];
        der[0] = (byte) (utcTime ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        return new Time(utcTime ? ASN1UTCTime.getInstance(der) : ASN1GeneralizedTime.getInstance(der));
    }

    /** A subject with a CN and an O, each only when given, in that order (as mitmproxy writes). */
    static X500Name name(String commonName, String organization) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (commonName != null) b.addRDN(BCStyle.CN, commonName);
        if (organization != null) b.addRDN(BCStyle.O, organization);
        return b.build();
    }

    /** A reusable signer factory for the key: SHA-256 with RSA or ECDSA. */
    static JcaContentSignerBuilder signerBuilder(PrivateKey key) {
        return new JcaContentSignerBuilder(signatureAlgorithm(key));
    }

    static ContentSigner signer(JcaContentSignerBuilder builder, PrivateKey key) {
        try {
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
    }

    /** Whether the private key belongs to the public key, proven by signing and verifying. */
    static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) return false;
        try {
            byte[] challenge = "sluice key check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException {
        try {
            return parse(holder.getEncoded());
        } catch (IOException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** DNS and IP subject alternative names in certificate order; none when the extension is unreadable. */
    static List<String> alternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) return List.of();
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (!(entry.get(1) instanceof String name)) continue;
                if (type == SAN_DNS) names.add(name);
                if (type == SAN_IP) names.add(HostNames.certificateForm(name)); // RFC 5952 text, "::1"
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return List.copyOf(names);
    }

    /** The subject as BouncyCastle reads it, RDNs in encoded order ({@code CN=a,O=b}). */
    static X500Name subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    static X500Name issuer(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
    }

    /** The first value of the attribute in the name, or null. */
    static String firstValue(X500Name name, ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        if (rdns.length == 0) return null;
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String string ? string.getString() : value.toString();
    }

    static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
