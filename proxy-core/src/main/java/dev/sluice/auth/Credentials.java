package dev.sluice.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password from a {@code Basic} credential header. */
public record Credentials(String user, String password) {

    /**
     * Parses {@code Basic <base64(user:password)>}: two whitespace-separated tokens, the scheme
     * compared ASCII case-insensitively, standard base64, UTF-8 (invalid sequences replaced),
     * split at the first colon. Returns null for anything else.
     */
    public static Credentials parseBasic(String headerValue) {
        if (headerValue == null) return null;
        String[] parts = headerValue.trim().split("[ \t]+");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("basic")) return null;
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) return null;
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    public String toBasicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
