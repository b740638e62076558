package dev.sluice.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/** A PKCS#12 file holding one certificate and no key, for importing a CA into a trust store. */
final class Pkcs12 {
    /**
     * The attribute with which the JDK marks a trusted certificate entry; without it Java's
     * {@code KeyStore} skips certificates that have no key.
     */
    private static final ASN1ObjectIdentifier JDK_TRUSTED_KEY_USAGE = new ASN1ObjectIdentifier("2.16.840.1.113894.746875.1.1");

    private Pkcs12() {
    }

    /**
     * The certificate unencrypted under the friendly name, with an integrity MAC keyed by the
     * empty password: Windows, macOS, OpenSSL and Java all open that without asking for one.
     */
    static byte[] certificateOnly(X509Certificate certificate, String friendlyName) {
        try {
            JcaPKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(certificate);
            bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            bag.addBagAttribute(JDK_TRUSTED_KEY_USAGE, KeyPurposeId.anyExtendedKeyUsage.toOID());
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addData(bag.build());
            return pfx.build(new BcPKCS12MacCalculatorBuilder(), new char[0]).getEncoded();
        } catch (IOException | PKCSException e) {
            throw new IllegalStateException("cannot build the PKCS#12 file: " + e.getMessage(), e);
        }
    }
}
