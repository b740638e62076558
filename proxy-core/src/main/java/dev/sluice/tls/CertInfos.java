package dev.sluice.tls;

import java.security.cert.X509Certificate;

import dev.sluice.flow.CertInfo;

/** Turns certificates into the flow model's {@link CertInfo}. */
public final class CertInfos {
    private CertInfos() {
    }

    /**
     * Subject and issuer as {@code CN=...,O=...} in encoded order, DNS and IP SANs, validity in
     * epoch seconds, SHA-256 of the DER in lower-case hex, and the PEM.
     */
    public static CertInfo from(X509Certificate certificate) {
        return new CertInfo(
                Certificates.subject(certificate).toString(),
                Certificates.issuer(certificate).toString(),
                Certificates.alternativeNames(certificate),
                certificate.getNotBefore().getTime() / 1000.0,
                certificate.getNotAfter().getTime() / 1000.0,
                Certificates.sha256Hex(certificate),
                Pem.certificate(certificate));
    }
}
