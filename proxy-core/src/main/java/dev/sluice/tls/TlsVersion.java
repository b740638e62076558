package dev.sluice.tls;

import java.util.List;

/**
 * The values of the {@code tls_version_*} options (tls.md §5.1), lowest first. {@code UNBOUNDED}
 * means no bound; {@code SSL3} is accepted but the Java runtime cannot speak it, so as a minimum
 * it means TLS 1.0.
 */
public enum TlsVersion {
    UNBOUNDED(null),
    SSL3(null),
    TLS1("TLSv1"),
    TLS1_1("TLSv1.1"),
    TLS1_2("TLSv1.2"),
    TLS1_3("TLSv1.3");

    /** The option's choices, in the order the options list them. */
    public static final List<String> CHOICES = List.of("UNBOUNDED", "SSL3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3");

    private final String protocol;

    TlsVersion(String protocol) {
        this.protocol = protocol;
    }

    /** The JSSE protocol name, or null for the values the runtime cannot speak. */
    String protocol() {
        return protocol;
    }

    /**
     * The JSSE protocol names from {@code min} to {@code max}, lowest first.
     *
     * @param side {@code client} or {@code server}, for the option names in messages
     * @throws TlsConfigException when the bounds leave no version
     */
    static List<String> between(String side, TlsVersion min, TlsVersion max) {
        TlsVersion lowest = min.ordinal() <= TLS1.ordinal() ? TLS1 : min;
        TlsVersion highest = max == UNBOUNDED ? TLS1_3 : max;
        if (highest.ordinal() < TLS1.ordinal()) {
            throw new TlsConfigException("Invalid value for tls_version_" + side + "_max: " + max
                    + " leaves no version the Java runtime can speak (TLS1 is the lowest)");
        }
        if (lowest.ordinal() > highest.ordinal()) {
            throw new TlsConfigException("Invalid value for tls_version_" + side + "_min: " + min
                    + " is above tls_version_" + side + "_max (" + max + ")");
        }
        return List.of(values()).subList(lowest.ordinal(), highest.ordinal() + 1).stream().map(TlsVersion::protocol).toList();
    }
}
