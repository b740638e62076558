package dev.sluice.tls;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * A server certificate Sluice does not trust, with the canonical reason of tls.md §5 (e.g.
 * {@code certificate has expired}, {@code hostname mismatch: a.test not in [b.test]}). The message
 * is the reason.
 */
public final class CertificateVerifyException extends CertificateException {
    private static final long serialVersionUID = 1L;

    public CertificateVerifyException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public String reason() {
        return getMessage();
    }

    /**
     * The verification reason behind a failed upstream handshake, found among its causes; empty
     * when the handshake failed for another reason.
     */
    public static Optional<String> reasonOf(Throwable handshakeFailure) {
        for (Throwable t = handshakeFailure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateVerifyException e) return Optional.of(e.reason());
        }
        return Optional.empty();
    }
}
