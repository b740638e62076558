package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addons.AccessControl.AddressClass;
import dev.sluice.flow.Addresses;
import dev.sluice.Sluice;
import dev.sluice.flow.ClientConn;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessControlTest {

    private static boolean refused(String address, String... options) throws Exception {
        Sluice sluice = new Sluice(false);
        sluice.addAddons(List.of(new AccessControl()));
        if (options.length > 0) sluice.options().set(options);
        ClientConn client = new ClientConn(new InetSocketAddress(InetAddress.getByName(address), 50000), new InetSocketAddress(8080));
        sluice.addons().clientConnected(client);
        return client.isRefused();
    }

    @ParameterizedTest
    @CsvSource({"192.168.1.20,false", "8.8.8.8,true", "127.0.0.1,false", "::1,false", "::ffff:8.8.8.8,true", "100.64.1.1,false"})
    void defaultsRefuseOnlyGlobalClients(String address, boolean refused) throws Exception {
        assertThat(refused(address)).isEqualTo(refused);
    }

    @ParameterizedTest
    @CsvSource({"192.168.1.20,true", "fe80::1%1,true", "127.0.0.1,false", "8.8.8.8,true"})
    void blockPrivateRefusesPrivateClients(String address, boolean refused) throws Exception {
        assertThat(refused(address, "block_private=true")).isEqualTo(refused);
    }

    @ParameterizedTest
    @CsvSource({"192.168.1.20", "8.8.8.8", "10.0.0.1"})
    void bothOffServesEveryone(String address) throws Exception {
        assertThat(refused(address, "block_global=false", "block_private=false")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,LOOPBACK", "::1,LOOPBACK", "192.168.1.20,PRIVATE", "10.1.2.3,PRIVATE", "172.16.0.1,PRIVATE",
            "169.254.1.1,PRIVATE", "8.8.8.8,GLOBAL", "::ffff:8.8.8.8,GLOBAL", "100.64.1.1,NEITHER", "fe80::1,PRIVATE",
            "fd00::1,PRIVATE", "2001:db8::1,PRIVATE", "2a00:1450::1,GLOBAL", "203.0.113.9,PRIVATE", "240.0.0.1,PRIVATE"})
    void classifiesAddressesPerTheIanaRegistries(String address, AddressClass expected) throws Exception {
        assertThat(AccessControl.classify(Addresses.normalize(InetAddress.getByName(address)))).isEqualTo(expected);
    }
}
