package dev.sluice.tls;

/** The forms in which devices download the CA certificate (never the key). */
public enum CaDownload {
    /** The certificate as PEM. */
    PEM("pem", "application/x-x509-ca-cert"),
    /** The same bytes as {@link #PEM}, under the extension Android expects. */
    CER("cer", "application/x-x509-ca-cert"),
    /** PKCS#12 holding only the certificate, no password (Windows). */
    P12("p12", "application/x-pkcs12");

    private final String extension;
    private final String contentType;

    CaDownload(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }
}
