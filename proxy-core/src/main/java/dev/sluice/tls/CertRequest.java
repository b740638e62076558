package dev.sluice.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The names an interception certificate must carry (tls.md §3), in order, and the organization
 * copied from the server's certificate. Names are normalised (IP literals canonical, DNS names
 * lower case and in {@code xn--} form) and duplicates removed, so equal requests mean equal
 * certificates: this is the certificate cache's key.
 *
 * @param names        subject alternative names, first one also the CN when short enough
 * @param organization the O of the subject, or null
 */
public record CertRequest(List<String> names, String organization) {
    /** Names of this length or longer do not fit a CN (RFC 5280 ub-common-name is 64). */
    public static final int MAX_COMMON_NAME_LENGTH = 63;

    public CertRequest {
        Set<String> unique = new LinkedHashSet<>();
        for (String name : Objects.requireNonNull(names, "names")) {
            String normalised = HostNames.certificateForm(name);
            if (normalised != null) unique.add(normalised);
        }
        if (unique.isEmpty()) throw new IllegalArgumentException("no usable name for a certificate in " + names);
        names = List.copyOf(unique);
    }

    /** A request for the given names and no organization. */
    public static CertRequest of(String... names) {
        return new CertRequest(Arrays.asList(names), null);
    }

    /**
     * The names for one intercepted connection, in the order of tls.md §3: the server
     * certificate's CN and SANs, then the client's SNI (or, without SNI, the address the client
     * connected to), then the CONNECT or SOCKS target host. Null arguments are skipped.
     *
     * @param upstream          the server certificate's names when {@code upstream_cert} is on and it is known, else null
     * @param sni               the client's SNI, or null
     * @param clientConnectedTo the IP address the client connected to (used only without SNI)
     * @param serverHost        the target host
     */
    public static CertRequest forConnection(UpstreamNames upstream, String sni, String clientConnectedTo,
                                            String serverHost) {
        List<String> names = new ArrayList<>();
        String organization = null;
        if (upstream != null) {
            if (upstream.commonName() != null) names.add(upstream.commonName());
            names.addAll(upstream.alternativeNames());
            organization = upstream.organization();
        }
        names.add(sni != null && !sni.isEmpty() ? sni : clientConnectedTo);
        names.add(serverHost);
        names.removeIf(Objects::isNull);
        return new CertRequest(names, organization);
    }

    /** The CN: the first name when it is shorter than 64 characters, else null (no CN). */
    public String commonName() {
        String first = names.get(0);
        return first.length() <= MAX_COMMON_NAME_LENGTH ? first : null;
    }
}
