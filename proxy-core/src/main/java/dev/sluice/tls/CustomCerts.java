package dev.sluice.tls;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The certificates of the {@code certs} option, looked up by name (tls.md §6). Each is registered
 * under its CN, all its SANs and its domain; a later item wins over an earlier one for a name.
 */
public final class CustomCerts {
    private static final CustomCerts NONE = new CustomCerts(Map.of());

    private final Map<String, Entry> byName;

    private record Entry(CertSpec spec, LeafCert leaf) {
    }

    private CustomCerts(Map<String, Entry> byName) {
        this.byName = byName;
    }

    /** No custom certificates: every leaf is generated. */
    public static CustomCerts none() {
        return NONE;
    }

    /**
     * @param specs  the parsed option items, in option order
     * @param caKey  the key presented with a certificate whose file has none
     */
    public static CustomCerts of(List<CertSpec> specs, PrivateKey caKey) {
        Map<String, Entry> byName = new HashMap<>();
        for (CertSpec spec : specs) {
            Entry entry = new Entry(spec, new LeafCert(spec.chain(), spec.privateKey() != null ? spec.privateKey() : caKey));
            UpstreamNames names = UpstreamNames.of(spec.certificate());
            List<String> keys = new ArrayList<>();
            if (names.commonName() != null) keys.add(names.commonName());
            keys.addAll(names.alternativeNames());
            keys.add(spec.domain());
            for (String key : keys) byName.put(key.toLowerCase(Locale.ROOT), entry);
        }
        return new CustomCerts(Map.copyOf(byName));
    }

    /** The item registered for the host: exact, then wildcard forms ({@code *.a.com}, {@code *.com}), then {@code *}. */
    public Optional<CertSpec> forHost(String host) {
        return Optional.ofNullable(lookup(List.of(host))).map(Entry::spec);
    }

    /** The certificate to present for these names instead of a generated one, or null. */
    LeafCert find(CertRequest request) {
        if (byName.isEmpty()) return null;
        Entry entry = lookup(request.names());
        return entry != null ? entry.leaf() : null;
    }

    /** Every name's exact and wildcard forms in order, and {@code *} only after all of them (as mitmproxy). */
    private Entry lookup(List<String> names) {
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT);
            Entry hit = byName.get(candidate);
            for (int dot = candidate.indexOf('.'); hit == null && dot >= 0; dot = candidate.indexOf('.', dot + 1)) {
                hit = byName.get("*" + candidate.substring(dot));
            }
            if (hit != null) return hit;
        }
        return byName.get(CertSpec.ANY_DOMAIN);
    }
}
