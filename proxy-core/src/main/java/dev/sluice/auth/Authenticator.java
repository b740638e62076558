package dev.sluice.auth;

import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether credentials are valid, for each form of the {@code proxyauth} option
 * (features.md §9). Some checks are slow (bcrypt, LDAP): {@link #isSlow()} tells the caller to
 * run them off the event loop.
 */
public interface Authenticator {

    boolean check(Credentials credentials);

    /** Whether {@link #check} may block or burn CPU for a noticeable time. */
    default boolean isSlow() {
        return false;
    }

    /** Parses the option value in the spec's order: {@code any}, {@code @file}, {@code ldap...}, {@code user:pass}. */
    static Authenticator parse(String spec) throws OptionsException {
        try {
            if (spec.equals("any")) return credentials -> true;
            if (spec.startsWith("@")) return Htpasswd.read(Paths.expand(spec.substring(1)));
            if (spec.startsWith("ldap")) return LdapAuthenticator.connect(spec);
            int colon = spec.indexOf(':');
            if (colon >= 0) return single(spec.substring(0, colon), spec.substring(colon + 1));
            throw new IllegalArgumentException("Invalid proxyauth specification.");
        } catch (IllegalArgumentException e) {
            throw OptionsException.invalid("proxyauth", e.getMessage());
        }
    }

    /** One user; the password is compared in constant time. */
    static Authenticator single(String user, String password) {
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        return c -> c.user().equals(user) && MessageDigest.isEqual(expected, c.password().getBytes(StandardCharsets.UTF_8));
    }
}
