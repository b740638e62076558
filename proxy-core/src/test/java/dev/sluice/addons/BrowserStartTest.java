package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.command.CommandException;
import dev.sluice.testsupport.Eventually;
import dev.sluice.testsupport.ProxyFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code browser.start} (console.md §8): an isolated Chrome or Chromium that uses the proxy. */
class BrowserStartTest {

    @TempDir
    Path dir;

    @Test
    void withoutChromeOrChromiumTheCommandSaysSo() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture(new BrowserStart(dir.toString()))) {
            assertThatThrownBy(() -> proxy.sluice().commands().execute("browser.start"))
                    .isInstanceOf(CommandException.class)
                    .hasMessage("Could not find a Chrome or Chromium executable.");
        }
    }

    @Test
    void startsTheBrowserWithATemporaryProfileThroughTheProxyAndRemovesTheProfileWhenItExits() throws Exception {
        Path args = standInChromium("");
        try (ProxyFixture proxy = new ProxyFixture(List.of("listen_port=8181"), new BrowserStart("/nonexistent:" + dir))) {
            proxy.sluice().commands().execute("browser.start");
            Eventually.until(() -> Files.exists(args));
            List<String> given = Files.readAllLines(args);
            byte[] spki = proxy.tls().certificateAuthority().publicKey().getEncoded();
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
            assertThat(given).contains("--proxy-server=127.0.0.1:8181", "--no-first-run", "--disable-background-networking",
                    "--ignore-certificate-errors-spki-list=" + hash);
            Path profile = profileOf(given);
            assertThat(profile.getFileName().toString()).startsWith("sluice-browser-");
            Eventually.until(() -> !Files.exists(profile));
        }
    }

    @Test
    void aBrowserStillOpenIsClosedAtShutdownAndItsProfileRemoved() throws Exception {
        Path args = standInChromium("exec sleep 60\n");
        Path profile;
        try (ProxyFixture proxy = new ProxyFixture(new BrowserStart(dir.toString()))) {
            proxy.sluice().commands().execute("browser.start");
            Eventually.until(() -> Files.exists(args));
            profile = profileOf(Files.readAllLines(args));
            assertThat(profile).exists();
        }
        assertThat(profile).doesNotExist();
    }

    /** A stand-in chromium that writes down its arguments, then runs the given shell lines. */
    private Path standInChromium(String then) throws Exception {
        Path args = dir.resolve("args");
        Path chromium = dir.resolve("chromium");
        Files.writeString(chromium, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + ".tmp && mv " + args + ".tmp " + args + "\n" + then);
        Files.setPosixFilePermissions(chromium, PosixFilePermissions.fromString("rwx------"));
        return args;
    }

    private static Path profileOf(List<String> args) {
        return Path.of(args.stream().filter(a -> a.startsWith("--user-data-dir=")).findFirst().orElseThrow()
                .substring("--user-data-dir=".length()));
    }
}
