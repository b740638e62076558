package dev.sluice.net.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;

/**
 * Shares the String of frequent header names (in the exact spelling received: {@code Host} and
 * {@code host} are different entries) so decoding a typical head allocates fewer strings.
 */
final class FieldNames {

    private static final String[] COMMON = {
        "Host", "Content-Length", "Content-Type", "User-Agent", "Accept", "Accept-Encoding",
        "Accept-Language", "Accept-Ranges", "Connection", "Cache-Control", "Cookie", "Set-Cookie", "Date",
        "Server", "Transfer-Encoding", "Content-Encoding", "Location", "Referer", "Origin", "Authorization",
        "Proxy-Connection", "Proxy-Authorization", "Upgrade", "Last-Modified", "ETag", "Expires", "Vary",
        "Keep-Alive", "If-Modified-Since", "If-None-Match", "Pragma", "Range", "Content-Range", "Age",
        "X-Forwarded-For", "Upgrade-Insecure-Requests", "Access-Control-Allow-Origin", "Strict-Transport-Security",
        "Expect", "Via", "X-Content-Type-Options",
    };

    /** Candidates by length; each bucket holds the canonical and the lower-case spelling. */
    private static final byte[][][] BY_LENGTH = new byte[64][][];
    private static final String[][] NAMES_BY_LENGTH = new String[64][];

    static {
        for (String c : COMMON) {
            add(c);
            add(c.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private FieldNames() {
    }

    private static void add(String name) {
        int n = name.length();
        byte[][] bytes = BY_LENGTH[n];
        String[] names = NAMES_BY_LENGTH[n];
        int k = bytes == null ? 0 : bytes.length;
        byte[][] nb = new byte[k + 1][];
        String[] nn = new String[k + 1];
        if (k > 0) {
            System.arraycopy(bytes, 0, nb, 0, k);
            System.arraycopy(names, 0, nn, 0, k);
        }
        nb[k] = name.getBytes(ISO_8859_1);
        nn[k] = name;
        BY_LENGTH[n] = nb;
        NAMES_BY_LENGTH[n] = nn;
    }

    /** The name in {@code a[0, len)}: a shared String for a frequent spelling, else a new one. */
    static String name(byte[] a, int len) {
        if (len < BY_LENGTH.length) {
            byte[][] candidates = BY_LENGTH[len];
            if (candidates != null) {
                for (int c = 0; c < candidates.length; c++) {
                    if (Arrays.equals(candidates[c], 0, len, a, 0, len)) return NAMES_BY_LENGTH[len][c];
                }
            }
        }
        return new String(a, 0, len, ISO_8859_1);
    }
}
