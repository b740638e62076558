package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.auth.Authenticator;
import dev.sluice.auth.Credentials;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Response;
import dev.sluice.flow.StatusPage;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * proxyauth (features.md §9): Basic credentials required from clients. A CONNECT authenticates
 * its client connection for its lifetime; plain requests are checked one by one; replays pass.
 * The credential header is removed before anything else sees the request.
 */
public final class ProxyAuth implements Addon {

    private static final int VERIFIED_CACHE_SIZE = 1000;

    private Options options;
    private Executor workers;
    private volatile Authenticator authenticator;
    private final Map<String, Credentials> authenticatedClients = new ConcurrentHashMap<>();
    /** Slow checks (bcrypt, LDAP) that succeeded, keyed by user and a digest of the password. */
    private final Map<String, Boolean> verified = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > VERIFIED_CACHE_SIZE;
        }
    });

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        workers = sluice.workers();
        options.register(OptionSpec.optionalStr("proxyauth", """
                Require proxy authentication. Format: "username:pass", "any" to accept any user/pass combination,
                "@path" to use an Apache htpasswd file, or "ldap[s]:url_server_ldap[:port]:dn_auth:password:dn_subtree[?search_filter_key=...]" for LDAP authentication."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (!changed.contains("proxyauth")) return;
        String spec = options.str("proxyauth");
        authenticator = spec == null || spec.isEmpty() ? null : Authenticator.parse(spec);
        verified.clear();
        authenticatedClients.clear();
    }

    @Override
    public void httpConnect(Flow flow) {
        authenticate(flow, true);
    }

    @Override
    public void requestHeaders(Flow flow) {
        if (flow.replay() != null) return;
        Credentials remembered = authenticatedClients.get(flow.client().id());
        if (remembered != null) {
            flow.metadata().put("proxyauth", List.of(remembered.user(), remembered.password()));
            return;
        }
        authenticate(flow, false);
    }

    @Override
    public void clientDisconnected(ClientConn client) {
        authenticatedClients.remove(client.id());
    }

    private void authenticate(Flow flow, boolean rememberConnection) {
        Authenticator auth = authenticator;
        if (auth == null || flow.response() != null) return;
        Challenge challenge = Challenge.of(flow.client());
        Credentials credentials = Credentials.parseBasic(flow.request().headers().get(challenge.credentialHeader));
        if (credentials == null) {
            refuse(flow, challenge);
        } else if (!auth.isSlow() || verified.containsKey(cacheKey(credentials))) {
            decide(flow, challenge, credentials, auth.check(credentials), rememberConnection);
        } else {
            flow.pause();
            workers.execute(() -> {
                boolean ok = auth.check(credentials);
                if (ok) verified.put(cacheKey(credentials), Boolean.TRUE);
                decide(flow, challenge, credentials, ok, rememberConnection);
                flow.resume();
            });
        }
    }

    private void decide(Flow flow, Challenge challenge, Credentials credentials, boolean ok, boolean rememberConnection) {
        if (!ok) {
            refuse(flow, challenge);
            return;
        }
        flow.request().headers().remove(challenge.credentialHeader);
        flow.metadata().put("proxyauth", List.of(credentials.user(), credentials.password()));
        if (rememberConnection) authenticatedClients.put(flow.client().id(), credentials);
    }

    private static void refuse(Flow flow, Challenge challenge) {
        Response page = StatusPage.make(challenge.status, "Authentication required.");
        page.headers().add(challenge.challengeHeader, "Basic realm=\"sluice\"");
        flow.setResponse(page);
    }

    private static String cacheKey(Credentials c) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.password().getBytes(StandardCharsets.UTF_8));
            return c.user() + "\0" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Proxy listeners challenge with 407, reverse and SOCKS listeners with 401. */
    private enum Challenge {
        PROXY(407, "Proxy-Authorization", "Proxy-Authenticate"),
        SERVER(401, "Authorization", "WWW-Authenticate");

        final int status;
        final String credentialHeader;
        final String challengeHeader;

        Challenge(int status, String credentialHeader, String challengeHeader) {
            this.status = status;
            this.credentialHeader = credentialHeader;
            this.challengeHeader = challengeHeader;
        }

        static Challenge of(ClientConn client) {
            String mode = client.proxyMode();
            return mode.startsWith("reverse") || mode.startsWith("socks5") ? SERVER : PROXY;
        }
    }
}
