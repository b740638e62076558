package dev.sluice.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.util.Locale;

import io.netty.util.NetUtil;

/** Host names and IP literals in the form certificates carry them. */
final class HostNames {
    private HostNames() {
    }

    /**
     * The name as a certificate carries it: an IP literal in canonical text (brackets dropped),
     * a DNS name in lower case with internationalised labels in their {@code xn--} form. Null when
     * the name is empty or cannot be expressed in ASCII.
     */
    static String certificateForm(String name) {
        if (name == null) return null;
        String s = name.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.isEmpty()) return null;
        InetAddress ip = ipLiteral(s);
        if (ip != null) return NetUtil.toAddressString(ip);
        if (isAscii(s)) return s.toLowerCase(Locale.ROOT);
        try {
            return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null; // not a valid internationalised name; no certificate can carry it
        }
    }

    /** The address of an IP literal, or null for anything else (never a DNS lookup). */
    static InetAddress ipLiteral(String s) {
        if (!NetUtil.isValidIpV4Address(s) && !NetUtil.isValidIpV6Address(s)) return null;
        return NetUtil.createInetAddressFromIpAddressString(s);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) return false;
        }
        return true;
    }
}
