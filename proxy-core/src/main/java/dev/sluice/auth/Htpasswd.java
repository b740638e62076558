package dev.sluice.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * An Apache htpasswd file: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), {@code {SHA}} and
 * {@code $apr1$} entries; any other entry is refused when the file is read.
 */
final class Htpasswd implements Authenticator {

    private final Map<String, String> hashes;

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    static Htpasswd read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not open htpasswd file: " + file + " (" + reason(e) + ")");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new IllegalArgumentException("Could not open htpasswd file: " + file + " (line " + (i + 1) + ": expected user:hash)");
            }
            String hash = line.substring(colon + 1);
            if (!isSupported(hash)) {
                throw new IllegalArgumentException("Could not open htpasswd file: " + file + " (line " + (i + 1) + ": unsupported hash format)");
            }
            hashes.put(line.substring(0, colon), hash);
        }
        return new Htpasswd(hashes);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean isSupported(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")
                || hash.startsWith("{SHA}") || hash.startsWith("$apr1$");
    }

    @Override
    public boolean isSlow() {
        return hashes.values().stream().anyMatch(h -> h.startsWith("$2"));
    }

    @Override
    public boolean check(Credentials c) {
        String hash = hashes.get(c.user());
        if (hash == null) return false;
        if (hash.startsWith("{SHA}")) {
            byte[] digest = sha1(c.password().getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(Base64.getEncoder().encode(digest), hash.substring(5).getBytes(StandardCharsets.US_ASCII));
        }
        if (hash.startsWith("$apr1$")) {
            return MessageDigest.isEqual(Apr1.crypt(c.password(), hash).getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII));
        }
        try {
            // BouncyCastle knows $2a$ and $2b$; $2y$ is the same algorithm under PHP's name
            String normalized = hash.startsWith("$2y$") ? "$2b$" + hash.substring(4) : hash;
            return OpenBSDBCrypt.checkPassword(normalized, c.password().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
