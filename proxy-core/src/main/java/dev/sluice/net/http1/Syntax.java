package dev.sluice.net.http1;

import dev.sluice.flow.Headers;

/** Byte classes and small grammar checks of RFC 9110/9112 and RFC 3986, shared by the codec. */
final class Syntax {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HT = '\t';

    /** tchar: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    private static final boolean[] TOKEN = new boolean[256];
    /** Allowed in a field value or reason phrase: HTAB, SP, VCHAR, obs-text (no controls, no DEL). */
    private static final boolean[] FIELD = new boolean[256];
    /** Allowed in a request-target: visible ASCII and obs-text (no space, controls or DEL). */
    private static final boolean[] TARGET = new boolean[256];
    /** unreserved / sub-delims of RFC 3986 (reg-name characters other than pct-encoded). */
    private static final boolean[] REG_NAME = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) TOKEN[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TOKEN[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TOKEN[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TOKEN[c] = true;
        for (int c = 0; c < 256; c++) {
            FIELD[c] = c == HT || (c >= 0x20 && c != 0x7F);
            TARGET[c] = c > 0x20 && c != 0x7F;
        }
        for (int c = '0'; c <= '9'; c++) REG_NAME[c] = true;
        for (int c = 'a'; c <= 'z'; c++) REG_NAME[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) REG_NAME[c] = true;
        for (char c : "-._~!$&'()*+,;=".toCharArray()) REG_NAME[c] = true;
    }

    private Syntax() {
    }

    static boolean isToken(byte b) {
        return TOKEN[b & 0xFF];
    }

    static boolean isFieldChar(byte b) {
        return FIELD[b & 0xFF];
    }

    static boolean isTargetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    static boolean isToken(String s) {
        int n = s.length();
        if (n == 0) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !TOKEN[c]) return false;
        }
        return true;
    }

    /** The index of the first char that may not appear in a field value (or in {@code table}), or -1. */
    static int invalidCharIndex(String s, boolean target) {
        boolean[] table = target ? TARGET : FIELD;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !table[c]) return i;
        }
        return -1;
    }

    static boolean isWs(byte b) {
        return b == SP || b == HT;
    }

    /** A parsed {@code host[:port]}; {@code port} is -1 when absent. The host keeps its case. */
    record Authority(String host, int port) {
    }

    /**
     * Parses {@code host [ ":" port ]} of RFC 3986 from {@code s[from, to)}: an IP literal in
     * brackets or a reg-name (unreserved, sub-delims, pct-encoded); a port of 1 to 5 digits in
     * 1..65535. Returns null when invalid (empty host, user info, bad characters, bad port).
     */
    static Authority authority(String s, int from, int to) {
        if (from >= to) return null;
        int i = from;
        if (s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0 || close >= to || close == i + 1) return null;
            for (int k = i + 1; k < close; k++) {
                char c = s.charAt(k);
                if (c > 0xFF || !(REG_NAME[c] || c == ':' || c == '%')) return null;
            }
            i = close + 1;
        } else {
            while (i < to) {
                char c = s.charAt(i);
                if (c == ':') break;
                if (c == '%') {
                    if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) return null;
                    i += 3;
                    continue;
                }
                if (c > 0xFF || !REG_NAME[c]) return null;
                i++;
            }
            if (i == from) return null;
        }
        String host = s.substring(from, i);
        if (i == to) return new Authority(host, -1);
        if (s.charAt(i) != ':') return null;
        int port = port(s, i + 1, to);
        return port < 0 ? null : new Authority(host, port);
    }

    /** 1 to 5 digits with a value in 1..65535, else -1. */
    static int port(String s, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 5) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v >= 1 && v <= 65535 ? v : -1;
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether any {@code Connection} field lists the token (ASCII case-insensitive). */
    static boolean connectionHas(Headers headers, String token) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            Headers.Field f = headers.field(i);
            if (!Headers.nameEquals(f.name(), "connection")) continue;
            String v = f.value();
            int start = 0;
            while (start <= v.length()) {
                int comma = v.indexOf(',', start);
                int end = comma < 0 ? v.length() : comma;
                int a = start, b = end;
                while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) a++;
                while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) b--;
                if (b - a == token.length() && Headers.nameEquals(v.substring(a, b), token)) return true;
                if (comma < 0) break;
                start = comma + 1;
            }
        }
        return false;
    }
}
