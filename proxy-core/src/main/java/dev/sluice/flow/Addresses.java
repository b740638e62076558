package dev.sluice.flow;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Address formatting and normalisation shared by logs, the dump and access control. */
public final class Addresses {
    private Addresses() {
    }

    /** The address with zone dropped and IPv4-mapped IPv6 turned into IPv4. */
    public static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) if (b[i] != 0) mapped = false;
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
                try {
                    return InetAddress.getByAddress(b);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    /**
     * The IP as Python prints it: IPv4 dotted, IPv6 in the compressed form of RFC 5952
     * ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), IPv4-mapped IPv6 as IPv4, no zone.
     */
    public static String ipText(InetAddress address) {
        InetAddress a = normalize(address);
        if (!(a instanceof Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) words[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        // The longest run of two or more zero words (the first of equals) becomes "::".
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** {@code ip:port}, IPv6 as {@code [ip]:port}, IPv4-mapped IPv6 as IPv4. */
    public static String format(InetSocketAddress address) {
        if (address == null) return "?";
        InetAddress a = address.getAddress();
        if (a == null) return Request.hostPort(address.getHostString(), address.getPort());
        InetAddress n = normalize(a);
        String ip = n.getHostAddress();
        return (n instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
