package dev.sluice.flow;

import java.util.List;

/** The facts of one certificate that Sluice shows and saves (PEM kept for files). */
public record CertInfo(String subject, String issuer, List<String> sans, double notBefore, double notAfter,
                       String sha256, String pem) {
}
