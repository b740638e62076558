package dev.sluice.addons;

import dev.sluice.addon.Addon;
import java.util.List;

/**
 * The built-in chain, in hook order (options-and-patterns.md §13). Reading this list tells the
 * order in which addons see a flow; front-ends append their own (the dump printer, the console).
 * Comments hold the places of addons that other work will bring.
 */
public final class Addons {
    private Addons() {
    }

    public static List<Addon> defaults() {
        TlsConfig tls = new TlsConfig();
        return List.of(
                new CoreOptions(),
                tls,
                new AccessControl(),
                new ProxyAuth(),         // httpConnect, requestHeaders: first
                new ModifyHeaders(),     // requestHeaders, responseHeaders: first after authentication
                new BlockList(),         // request: first
                new Anticache(),
                new Anticomp(),
                new CertInstallPage(tls::certificateAuthority), // httpConnect and request: the magic hosts answer locally
                // user addons
                new ServerReplay(),      // before mapping: match keys come from the request as the client sent it
                new MapRemote(),
                new MapLocal(),
                new ModifyBody(),        // request after the mapping; response: first
                new StickyAuth(),        // the sticky addons see the final host and path
                new StickyCookie(),      // request: apply; response: learn
                // Intercept
                new ClientReplay(),      // response and error: after intercept, the replay queue advances
                new SaveFlows(),         // then recording
                new HarDump(),
                new ReadFile(),
                new StreamLargeBodies()); // requestHeaders, responseHeaders: last, after every addon could set stream
    }
}
