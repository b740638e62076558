package dev.sluice.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code client_certs} (tls.md §5): the certificate Sluice presents to servers that ask for one.
 * The option names a PEM file (certificate, chain, key) used for every server, or a directory
 * from which {@code <host>.pem} is chosen by the SNI, else the server's host. The files are read
 * when the option is set, so nothing is read from disk on an event loop.
 */
public final class ClientCertificates {
    /** {@code client_certs} unset: no certificate for anyone. */
    public static final ClientCertificates NONE = new ClientCertificates(null, Map.of());

    /** One certificate with its chain and key, and the file it came from (which tells pooled connections apart). */
    public record ClientCertificate(Path file, List<X509Certificate> chain, PrivateKey privateKey) {
    }

    private static final String OPTION = "client_certs";

    private final ClientCertificate forEveryServer;
    private final Map<String, ClientCertificate> byHost;

    private ClientCertificates(ClientCertificate forEveryServer, Map<String, ClientCertificate> byHost) {
        this.forEveryServer = forEveryServer;
        this.byHost = byHost;
    }

    /**
     * Reads the option's file or directory.
     *
     * @throws TlsConfigException {@code Invalid value for client_certs: <reason>}
     */
    public static ClientCertificates of(Path fileOrDirectory, String passphrase) {
        if (fileOrDirectory == null) return NONE;
        if (Files.isRegularFile(fileOrDirectory)) return new ClientCertificates(read(fileOrDirectory, passphrase), Map.of());
        if (!Files.isDirectory(fileOrDirectory)) throw invalid("file or directory does not exist: " + fileOrDirectory);
        Map<String, ClientCertificate> byHost = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(fileOrDirectory, "*.pem")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) continue;
                String name = file.getFileName().toString();
                byHost.put(name.substring(0, name.length() - ".pem".length()).toLowerCase(Locale.ROOT), read(file, passphrase));
            }
        } catch (IOException e) {
            throw invalid("cannot read " + fileOrDirectory + " (" + e.getClass().getSimpleName() + ")");
        }
        return new ClientCertificates(null, Map.copyOf(byHost));
    }

    /** The certificate for a server known by its SNI, else its host; null when there is none. */
    public ClientCertificate forServer(String sniOrHost) {
        if (forEveryServer != null) return forEveryServer;
        return sniOrHost == null ? null : byHost.get(sniOrHost.toLowerCase(Locale.ROOT));
    }

    private static ClientCertificate read(Path file, String passphrase) {
        Pem.Contents contents;
        try {
            contents = Pem.read(Files.readAllBytes(file), passphrase);
        } catch (IOException e) {
            throw invalid("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (Pem.InvalidPemException e) {
            throw invalid(file + ": " + e.getMessage());
        }
        if (contents.certificates().isEmpty()) throw invalid(file + ": no certificate");
        if (contents.privateKey() == null) throw invalid(file + ": no private key");
        return new ClientCertificate(file, contents.certificates(), contents.privateKey());
    }

    private static TlsConfigException invalid(String reason) {
        return new TlsConfigException("Invalid value for " + OPTION + ": " + reason);
    }
}
