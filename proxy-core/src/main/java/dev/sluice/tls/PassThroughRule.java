package dev.sluice.tls;

import dev.sluice.pattern.InvalidRegexException;
import dev.sluice.pattern.Regexes;
import dev.sluice.pattern.UserRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tunnels Sluice relays untouched instead of intercepting: {@code ignore_hosts} and
 * {@code allow_hosts} (tls.md §7); also, through {@link #anyOf}, which it handles as raw TCP
 * ({@code tcp_hosts}). Candidates are {@code host:port} strings (the resolved server
 * address, the CONNECT target, the SNI, the Host header); a regex matches when it is found
 * anywhere in one, ignoring case. Candidates come from the client, so every search runs under
 * the user-regex time budget (options-and-patterns.md §11.3): too slow counts as no match.
 */
public final class PassThroughRule {
    /** Neither option set: everything is intercepted. */
    public static final PassThroughRule NONE = new PassThroughRule(List.of(), false);

    private final List<UserRegex> regexes;
    private final boolean allowList;

    private PassThroughRule(List<UserRegex> regexes, boolean allowList) {
        this.regexes = List.copyOf(regexes);
        this.allowList = allowList;
    }

    /**
     * @throws TlsConfigException when both lists are set or a regex does not compile
     */
    public static PassThroughRule of(List<String> ignoreHosts, List<String> allowHosts) {
        if (!ignoreHosts.isEmpty() && !allowHosts.isEmpty()) {
            throw new TlsConfigException("ignore_hosts and allow_hosts are mutually exclusive; please choose one.");
        }
        if (ignoreHosts.isEmpty() && allowHosts.isEmpty()) return NONE;
        boolean allowList = ignoreHosts.isEmpty();
        PassThroughRule compiled = anyOf(allowList ? "allow_hosts" : "ignore_hosts", allowList ? allowHosts : ignoreHosts);
        return new PassThroughRule(compiled.regexes, allowList);
    }

    /**
     * A rule that {@link #matches} when any regex is found in any candidate ({@code tcp_hosts}).
     *
     * @throws TlsConfigException {@code Invalid value for <option>: ...} when a regex does not compile
     */
    public static PassThroughRule anyOf(String option, List<String> regexes) {
        List<UserRegex> compiled = new ArrayList<>();
        for (String regex : regexes) {
            try {
                compiled.add(Regexes.compile(regex, Pattern.CASE_INSENSITIVE));
            } catch (InvalidRegexException e) {
                throw new TlsConfigException("Invalid value for " + option + ": " + e.getMessage());
            }
        }
        return new PassThroughRule(compiled, false);
    }

    /** Whether any regex is found in any of these {@code host:port} candidates. */
    public boolean matches(List<String> candidates) {
        return anyMatch(candidates);
    }

    /** Whether a rule is set at all (so callers can skip gathering candidates). */
    public boolean isActive() {
        return !regexes.isEmpty();
    }

    /** Whether a tunnel with these {@code host:port} candidates is relayed without interception. */
    public boolean passesThrough(List<String> candidates) {
        if (regexes.isEmpty()) return false;
        return allowList != anyMatch(candidates);
    }

    private boolean anyMatch(List<String> candidates) {
        for (String candidate : candidates) {
            for (UserRegex regex : regexes) {
                if (regex.find(candidate, candidate)) return true;
            }
        }
        return false;
    }
}
