package dev.sluice.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Which application protocols each leg of an intercepted connection offers (tls.md §4). The
 * one place where HTTP/2 joins: add {@code h2} to {@link #SPOKEN} (when the {@code http2} option
 * allows it) and give {@link TunnelPipeline#forProtocol} a codec for it; nothing else changes.
 */
final class AlpnChoice {
    /** The protocols Sluice's codecs speak, in order of preference. */
    static final List<String> SPOKEN = List.of("http/1.1");

    private AlpnChoice() {
    }

    /** Eager: the client's offers that Sluice speaks, in the client's order, go to the server. */
    static List<String> towardsServer(List<String> clientOffers) {
        List<String> offers = new ArrayList<>(clientOffers);
        offers.retainAll(SPOKEN);
        return List.copyOf(offers);
    }

    /** Eager: the client is offered exactly what the server chose, or nothing when it chose nothing. */
    static List<String> towardsClient(String serverChose) {
        return serverChose == null || serverChose.isEmpty() ? List.of() : List.of(serverChose);
    }

    /** Without a server connection (lazy): Sluice chooses for the client among its offers. */
    static List<String> towardsClientAlone(List<String> clientOffers) {
        for (String spoken : SPOKEN) if (clientOffers.contains(spoken)) return List.of(spoken);
        return List.of();
    }
}
