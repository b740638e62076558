package dev.sluice.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Apache's {@code $apr1$} MD5-crypt (the default of Apache's htpasswd tool). */
final class Apr1 {
    private Apr1() {
    }

    private static final String MAGIC = "$apr1$";
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The full {@code $apr1$salt$hash} string for a password, taking the salt from {@code setting}. */
    static String crypt(String password, String setting) {
        String salt = setting.substring(MAGIC.length());
        int end = salt.indexOf('$');
        if (end >= 0) salt = salt.substring(0, end);
        if (salt.length() > 8) salt = salt.substring(0, 8);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] saltBytes = salt.getBytes(StandardCharsets.UTF_8);

        MessageDigest ctx = md5();
        ctx.update(pw);
        ctx.update(MAGIC.getBytes(StandardCharsets.US_ASCII));
        ctx.update(saltBytes);
        MessageDigest alt = md5();
        alt.update(pw);
        alt.update(saltBytes);
        alt.update(pw);
        byte[] finalState = alt.digest();
        for (int left = pw.length; left > 0; left -= 16) ctx.update(finalState, 0, Math.min(left, 16));
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) ctx.update((byte) 0);
            else ctx.update(pw[0]);
        }
        finalState = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest round = md5();
            if ((i & 1) != 0) round.update(pw);
            else round.update(finalState, 0, 16);
            if (i % 3 != 0) round.update(saltBytes);
            if (i % 7 != 0) round.update(pw);
            if ((i & 1) != 0) round.update(finalState, 0, 16);
            else round.update(pw);
            finalState = round.digest();
        }
        StringBuilder out = new StringBuilder(MAGIC).append(salt).append('$');
        int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
        for (int[] g : groups) {
            to64(out, ((finalState[g[0]] & 0xff) << 16) | ((finalState[g[1]] & 0xff) << 8) | (finalState[g[2]] & 0xff), 4);
        }
        to64(out, finalState[11] & 0xff, 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, int v, int n) {
        for (int i = 0; i < n; i++) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
