package dev.sluice.tls;

import java.util.List;
import java.util.Set;

/**
 * Which key exchange Sluice offers a server: what its client offered Sluice. A client that offered
 * a post-quantum hybrid group (X25519MLKEM768 and kin) gets one offered on its behalf; a client
 * that offered only classical groups gets classical groups, so the server sees the choice it
 * would have seen without Sluice, and neither side does ML-KEM work (key generation,
 * encapsulation, decapsulation) that the client never asked for. Without a client handshake to go
 * by (plain HTTP to an https URL, replays), the engine's defaults, post-quantum included, apply.
 */
public final class KeyExchange {
    /** IANA numbers of the hybrid and pure ML-KEM groups and of their Kyber drafts. */
    private static final Set<Integer> POST_QUANTUM = Set.of(0x0200, 0x0201, 0x0202, 0x11eb, 0x11ec, 0x11ed, 0x6399, 0x639a);

    /** The engine's classical defaults, for an upstream context without post-quantum groups. */
    static final String[] CLASSICAL_GROUPS = {"X25519", "P-256", "P-384", "P-521"};

    private KeyExchange() {
    }

    /**
     * Whether to offer the server a post-quantum key share, given the groups the client offered
     * (IANA numbers; null when the client did not speak TLS to Sluice).
     */
    public static boolean postQuantumTowardsServer(List<Integer> clientGroups) {
        if (clientGroups == null) return true;
        for (int group : clientGroups) {
            if (POST_QUANTUM.contains(group)) return true;
        }
        return false;
    }
}
