package dev.sluice.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** Reading and writing the PEM files Sluice shares with mitmproxy and OpenSSL tools. */
final class Pem {

    /** What a PEM file held: its certificates in file order and its first private key, or null. */
    record Contents(List<X509Certificate> certificates, PrivateKey privateKey) {
    }

    /** A file that is not usable; the reason is a short phrase for the user's message. */
    static final class InvalidPemException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPemException(String reason) {
            super(reason);
        }
    }

    private Pem() {
    }

    /**
     * The certificates and first private key of a PEM file's bytes; other blocks are skipped.
     *
     * @param passphrase for an encrypted key, or null
     */
    static Contents read(byte[] file, String passphrase) throws InvalidPemException {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        // Latin-1 maps every byte, so stray non-ASCII bytes outside the blocks cannot break decoding.
        try (PEMParser parser = new PEMParser(new StringReader(new String(file, StandardCharsets.ISO_8859_1)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(Certificates.toX509(holder));
                } else if (key == null) {
                    key = privateKeyOf(o, passphrase);
                }
            }
        } catch (InvalidPemException e) {
            throw e;
        } catch (IOException | RuntimeException | CertificateException e) {
            throw new InvalidPemException(reasonOf(e));
        }
        return new Contents(List.copyOf(certificates), key);
    }

    /** The private key an object from {@link PEMParser} stands for, or null when it is none. */
    private static PrivateKey privateKeyOf(Object o, String passphrase) throws IOException, InvalidPemException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair pair) {
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (o instanceof PEMEncryptedKeyPair encrypted) {
            char[] password = passwordFor(passphrase);
            try {
                return converter.getKeyPair(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(password)))
                        .getPrivate();
            } catch (PEMException e) {
                // Either the cipher says so or the wrong password decrypted to garbage that is no key.
                throw new InvalidPemException("wrong passphrase");
            }
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            char[] password = passwordFor(passphrase);
            try {
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(password)));
            } catch (PKCSException | PEMException e) {
                throw new InvalidPemException("wrong passphrase");
            } catch (OperatorCreationException e) {
                throw new InvalidPemException("unsupported key encryption: " + e.getMessage());
            }
        }
        return null; // EC parameters and other blocks that are not keys
    }

    private static char[] passwordFor(String passphrase) throws InvalidPemException {
        if (passphrase == null) {
            throw new InvalidPemException("the private key is encrypted and cert_passphrase is not set");
        }
        return passphrase.toCharArray();
    }

    private static String reasonOf(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The certificate as one PEM block with 64-character lines and {@code \n} line ends. */
    static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("a parsed certificate has no encoding", e);
        }
    }

    /** An RSA key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), the form mitmproxy writes and reads. */
    static String rsaPrivateKey(PrivateKey key) {
        try {
            byte[] pkcs1 = PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
            return block("RSA PRIVATE KEY", pkcs1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the private key", e);
        }
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
