package dev.sluice.tls;

import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The names Sluice copies from a server's certificate into its own (the {@code upstream_cert}
 * option): the subject's CN and O, and the DNS and IP alternative names, wildcards kept.
 *
 * @param commonName       the subject's first CN, or null
 * @param organization     the subject's first O, or null
 * @param alternativeNames DNS and IP SANs in certificate order
 */
public record UpstreamNames(String commonName, String organization, List<String> alternativeNames) {

    public UpstreamNames {
        alternativeNames = List.copyOf(alternativeNames);
    }

    /**
     * The names of a server certificate. Never fails: a subject or SAN extension that cannot be
     * parsed contributes nothing, so the leaf is still built from the SNI and address.
     */
    public static UpstreamNames of(X509Certificate certificate) {
        String commonName = null;
        String organization = null;
        try {
            X500Name subject = Certificates.subject(certificate);
            commonName = Certificates.firstValue(subject, BCStyle.CN);
            organization = Certificates.firstValue(subject, BCStyle.O);
        } catch (RuntimeException e) {
            // unparseable subject: use the SANs alone
        }
        return new UpstreamNames(commonName, organization, Certificates.alternativeNames(certificate));
    }
}
