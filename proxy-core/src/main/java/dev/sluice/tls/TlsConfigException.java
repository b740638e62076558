package dev.sluice.tls;

/**
 * A TLS configuration problem whose message is meant for the user as is: a broken CA file, a bad
 * {@code certs} item, a trust file that does not exist. At start-up it is fatal (exit status 1);
 * when an option is set it rolls the change back.
 */
public final class TlsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
