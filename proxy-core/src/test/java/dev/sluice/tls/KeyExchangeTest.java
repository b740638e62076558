package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeyExchangeTest {
    @Test
    void postQuantumWhenTheClientOfferedAHybridGroup() {
        assertThat(KeyExchange.postQuantumTowardsServer(List.of(0x11ec, 0x001d, 0x0017))).isTrue(); // X25519MLKEM768 first, as browsers send
        assertThat(KeyExchange.postQuantumTowardsServer(List.of(0x001d, 0x6399))).isTrue(); // the Kyber draft
    }

    @Test
    void classicalWhenTheClientOfferedOnlyClassicalGroupsOrNone() {
        assertThat(KeyExchange.postQuantumTowardsServer(List.of(0x001d, 0x0017, 0x0018, 0x0100))).isFalse();
        assertThat(KeyExchange.postQuantumTowardsServer(List.of())).isFalse(); // a ClientHello without supported_groups
    }

    @Test
    void postQuantumWithoutAClientHandshakeToGoBy() {
        assertThat(KeyExchange.postQuantumTowardsServer(null)).isTrue();
    }
}
