package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Addresses;
import dev.sluice.flow.ClientConn;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import java.net.Inet4Address;
import java.net.InetAddress;

/** block_global / block_private: refuse clients by address class so a listening proxy is not an open proxy. */
public final class AccessControl implements Addon {

    private Options options;
    private dev.sluice.log.EventLog log;

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.bool("block_global", true,
                "Block connections from globally reachable networks, as defined in the IANA special purpose registries."));
        options.register(OptionSpec.bool("block_private", false,
                "Block connections from local (private) IP addresses. This option does not affect loopback addresses (connections from the local machine), which are always permitted."));
    }

    @Override
    public void clientConnected(ClientConn client) {
        InetAddress address = Addresses.normalize(client.peer().getAddress());
        AddressClass kind = classify(address);
        String option = kind == AddressClass.PRIVATE && options.bool("block_private") ? "block_private"
                : kind == AddressClass.GLOBAL && options.bool("block_global") ? "block_global" : null;
        if (option != null) {
            log.warn("Client connection from " + address.getHostAddress() + " killed by " + option + " option.");
            client.refuse(option);
        }
    }

    public enum AddressClass { LOOPBACK, PRIVATE, GLOBAL, NEITHER }

    /** Classifies an address per the IANA special-purpose registries (features.md §2). */
    public static AddressClass classify(InetAddress a) {
        if (a.isLoopbackAddress()) return AddressClass.LOOPBACK;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (in(x, "100.64.0.0", 10)) return AddressClass.NEITHER;
            if (in(x, "192.0.0.9", 32) || in(x, "192.0.0.10", 32)) return AddressClass.GLOBAL;
            String[][] priv = {{"0.0.0.0", "8"}, {"10.0.0.0", "8"}, {"169.254.0.0", "16"}, {"172.16.0.0", "12"},
                    {"192.0.0.0", "24"}, {"192.0.2.0", "24"}, {"192.168.0.0", "16"}, {"198.18.0.0", "15"},
                    {"198.51.100.0", "24"}, {"203.0.113.0", "24"}, {"240.0.0.0", "4"}, {"255.255.255.255", "32"}};
            for (String[] p : priv) if (in(x, p[0], Integer.parseInt(p[1]))) return AddressClass.PRIVATE;
            return AddressClass.GLOBAL;
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if ((b[0] & 0xfe) == 0xfc) return AddressClass.PRIVATE;                 // fc00::/7
        if ((first & 0xffc0) == 0xfe80) return AddressClass.PRIVATE;            // fe80::/10
        if (first == 0x2001 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return AddressClass.PRIVATE; // 2001:db8::/32
        if (a.isAnyLocalAddress() || first == 0x0100 && b[2] == 0 && b[3] == 0) return AddressClass.PRIVATE; // ::, 100::/64
        if (first == 0x2001 && (b[2] & 0xfe) == 0) return AddressClass.PRIVATE; // 2001::/23 (IETF protocol assignments)
        return AddressClass.GLOBAL;
    }

    private static boolean in(int address, String network, int bits) {
        String[] p = network.split("\\.");
        int n = (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8) | Integer.parseInt(p[3]);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (address & mask) == (n & mask);
    }
}
