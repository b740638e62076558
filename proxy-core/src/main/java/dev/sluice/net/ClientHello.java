package dev.sluice.net;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What Sluice needs from a TLS ClientHello before answering it: the server name the client asked
 * for (SNI), the application protocols it offers (ALPN) and its key-exchange groups.
 *
 * @param sni    the host name of the server_name extension, or null when absent or unusable
 * @param alpn   the offered protocols in the client's order; empty when none
 * @param groups the IANA numbers of the supported_groups extension in the client's order; empty when none
 */
record ClientHello(String sni, List<String> alpn, List<Integer> groups) {
    private static final int SERVER_NAME = 0;
    private static final int SUPPORTED_GROUPS = 10;
    private static final int ALPN = 16;
    private static final int HOST_NAME = 0;

    ClientHello {
        alpn = List.copyOf(alpn);
        groups = List.copyOf(groups);
    }

    /**
     * Reads the body of a ClientHello handshake message (after its type and length, as
     * {@link io.netty.handler.ssl.SslClientHelloHandler} hands it over) without consuming it.
     * A malformed message yields what could be read before the damage: the handshake that
     * follows rejects it properly.
     */
    static ClientHello parse(ByteBuf body) {
        String sni = null;
        List<String> alpn = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int i = body.readerIndex();
        int end = body.writerIndex();
        try {
            i += 2 + 32;                                   // legacy_version, random
            i += 1 + body.getUnsignedByte(i);              // legacy_session_id
            i += 2 + body.getUnsignedShort(i);             // cipher_suites
            i += 1 + body.getUnsignedByte(i);              // legacy_compression_methods
            if (i + 2 > end) return new ClientHello(null, List.of(), List.of());
            int extensionsEnd = Math.min(end, i + 2 + body.getUnsignedShort(i));
            i += 2;
            while (i + 4 <= extensionsEnd) {
                int type = body.getUnsignedShort(i);
                int length = body.getUnsignedShort(i + 2);
                int data = i + 4;
                if (data + length > extensionsEnd) break;
                if (type == SERVER_NAME) sni = hostName(body, data, data + length);
                if (type == ALPN) protocols(body, data, data + length, alpn);
                if (type == SUPPORTED_GROUPS) groups(body, data, data + length, groups);
                i = data + length;
            }
        } catch (IndexOutOfBoundsException e) {
            // truncated: keep what was read
        }
        return new ClientHello(sni, alpn, groups);
    }

    private static String hostName(ByteBuf b, int from, int to) {
        int i = from + 2; // server_name_list length
        while (i + 3 <= to) {
            int type = b.getUnsignedByte(i);
            int length = b.getUnsignedShort(i + 1);
            int name = i + 3;
            if (name + length > to) return null;
            if (type == HOST_NAME && length > 0) return b.toString(name, length, StandardCharsets.US_ASCII);
            i = name + length;
        }
        return null;
    }

    private static void protocols(ByteBuf b, int from, int to, List<String> into) {
        int i = from + 2; // protocol_name_list length
        while (i < to) {
            int length = b.getUnsignedByte(i);
            if (length == 0 || i + 1 + length > to) return;
            into.add(b.toString(i + 1, length, StandardCharsets.US_ASCII));
            i += 1 + length;
        }
    }

    private static void groups(ByteBuf b, int from, int to, List<Integer> into) {
        int end = Math.min(to, from + 2 + b.getUnsignedShort(from)); // named_group_list length
        for (int i = from + 2; i + 2 <= end; i += 2) into.add(b.getUnsignedShort(i));
    }
}
