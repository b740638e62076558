package dev.sluice.addons;

import dev.sluice.addon.Addon;
import dev.sluice.addon.Hook;
import dev.sluice.addon.UserSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in chain, in hook order (options-and-patterns.md §13). Reading this list tells the
 * order in which addons see a flow; front-ends append their own (the dump printer, the console).
 * Comments hold the places of addons that other work will bring.
 */
public final class Addons {
    private Addons() {
    }

    /** Where the addons from {@code scripts} run in each hook (§13 "user addons"): the place differs per hook. */
    public static final UserSlot USER_SLOT = UserSlot.builder()
            .after(Hook.HTTP_CONNECT, CertInstallPage.class)
            .after(Hook.REQUEST_HEADERS, ModifyHeaders.class)    // before StreamLargeBodies
            .after(Hook.REQUEST, CertInstallPage.class)          // before ServerReplay
            .after(Hook.RESPONSE_HEADERS, ModifyHeaders.class)   // before StreamLargeBodies
            .after(Hook.RESPONSE, StickyCookie.class)            // before Intercept
            .first(Hook.ERROR)
            .first(Hook.TCP_START)                              // tcp flows (not in §13): before recording,
            .first(Hook.TCP_MESSAGE)                            // as for errors
            .first(Hook.TCP_END)
            .first(Hook.TCP_ERROR)
            .build();

    /** The chain of {@code sluicedump}: no interception, whose options exist only in the console. */
    public static List<Addon> defaults() {
        return chain(List.of());
    }

    /** The console's chain: the defaults with {@link Intercept} in its place. */
    public static List<Addon> console() {
        return chain(List.of(new Intercept()));
    }

    private static List<Addon> chain(List<Addon> intercept) {
        TlsConfig tls = new TlsConfig();
        List<Addon> chain = new ArrayList<>(List.of(
                new CoreOptions(),
                tls,
                new AccessControl(),
                new ProxyAuth(),         // httpConnect, requestHeaders: first
                new ModifyHeaders(),     // requestHeaders, responseHeaders: first after authentication
                new BlockList(),         // request: first
                new Anticache(),
                new Anticomp(),
                new CertInstallPage(tls::certificateAuthority), // httpConnect and request: the magic hosts answer locally
                new Scripts(USER_SLOT),  // user addons: each hook runs them at its USER_SLOT place
                new ServerReplay(),      // before mapping: match keys come from the request as the client sent it
                new MapRemote(),
                new MapLocal(),
                new ModifyBody(),        // request after the mapping; response: first
                new StickyAuth(),        // the sticky addons see the final host and path
                new StickyCookie()));    // request: apply; response: learn
        chain.addAll(intercept);         // request, response: the last feature addon
        chain.addAll(List.of(
                new ClientReplay(),      // response and error: after intercept, the replay queue advances
                new SaveFlows(),         // then recording
                new HarDump(),
                new ReadFile(),
                new Export(),            // commands only
                new Cut(),
                new ScriptRun(),
                new BrowserStart(),
                new StreamLargeBodies())); // requestHeaders, responseHeaders: last, after every addon could set stream
        return List.copyOf(chain);
    }
}
