package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.command.CommandException;
import dev.sluice.tls.CertificateAuthority;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code browser.start} (console.md §8): starts Chrome or Chromium with a fresh temporary profile
 * that uses the proxy and trusts its CA (by the CA key's SPKI hash, so nothing is installed). The
 * profile is deleted when the browser exits; browsers still open are closed when Sluice stops.
 */
public final class BrowserStart implements Addon {

    static final String NOT_FOUND = "Could not find a Chrome or Chromium executable.";
    private static final List<String> NAMES = List.of("google-chrome", "google-chrome-stable", "chromium", "chromium-browser");
    private static final List<String> MAC_APPS = List.of(
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium");

    private final String searchPath;
    /** A running browser and the removal of its profile, which completes after it exits. */
    private record Launched(Process process, CompletableFuture<Void> profileRemoved) {
    }

    private final List<Launched> browsers = new CopyOnWriteArrayList<>();
    private Sluice sluice;

    public BrowserStart() {
        this(System.getenv("PATH"));
    }

    /** With the directories to search, as in {@code PATH}. */
    public BrowserStart(String searchPath) {
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        sluice.commands().register("browser.start", List.of(), null,
                "Start an isolated Chrome or Chromium that uses the proxy.", args -> {
                    start();
                    return null;
                });
    }

    /** Closes the browsers still open and waits briefly for their profiles to go. */
    @Override
    public void done() {
        for (Launched b : browsers) b.process().destroy();
        for (Launched b : browsers) {
            try {
                b.profileRemoved().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                sluice.log().warn("The browser " + b.process().pid() + " did not exit: its profile may remain");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void start() throws CommandException {
        Path executable = find().orElseThrow(() -> new CommandException(NOT_FOUND));
        Path profile;
        try {
            profile = Files.createTempDirectory("sluice-browser-");
        } catch (IOException e) {
            throw new CommandException("Cannot create a browser profile: " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--user-data-dir=" + profile,
                "--proxy-server=" + proxyAddress(),
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-fre",
                "--disable-background-networking",
                "--disable-extensions"));
        spkiHash().ifPresent(h -> command.add("--ignore-certificate-errors-spki-list=" + h));
        command.add("about:blank");
        Process browser;
        try {
            browser = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new CommandException("Cannot start " + executable + ": " + e.getMessage());
        }
        Launched launched = new Launched(browser, new CompletableFuture<>());
        browsers.add(launched);
        browser.onExit().thenRun(() -> {
            deleteTree(profile);
            browsers.remove(launched);
            launched.profileRemoved().complete(null);
        });
        sluice.log().alert("Starting " + executable.getFileName() + " with a temporary profile.");
    }

    /** The first Chrome or Chromium on the search path, else a macOS application. */
    Optional<Path> find() {
        for (String name : NAMES) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return MAC_APPS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private String proxyAddress() {
        String host = sluice.options().str("listen_host");
        Long port = sluice.options().number("listen_port");
        return (host == null || host.isEmpty() ? "127.0.0.1" : host) + ":" + (port == null ? 8080 : port);
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of the CA, as Chrome's flag wants it. */
    private Optional<String> spkiHash() {
        TlsConfig tls = sluice.addons().find(TlsConfig.class);
        CertificateAuthority ca = tls == null ? null : tls.certificateAuthority();
        if (ca == null) return Optional.empty();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.publicKey().getEncoded());
            return Optional.of(Base64.getEncoder().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            sluice.log().warn("Cannot remove the browser profile " + root + ": " + e.getMessage());
        }
    }
}
