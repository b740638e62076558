package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagiskModuleTest {
    @TempDir
    Path dir;

    @Test
    void holdsTheCertificateUnderOpenSslsOldSubjectHash() throws Exception {
        X509Certificate ca = TestPki.ca("Magisk Test CA").certificate();
        byte[] pem = TestPki.pem(ca).getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> entries = unzip(MagiskModule.zip(ca, pem));

        String hash = MagiskModule.subjectHashOld(ca);
        assertThat(entries).containsKeys("META-INF/com/google/android/update-binary",
                "META-INF/com/google/android/updater-script", "module.prop", "system/etc/security/cacerts/" + hash + ".0");
        assertThat(entries.get("system/etc/security/cacerts/" + hash + ".0")).isEqualTo(pem);
        assertThat(hash).isEqualTo(openSslSubjectHashOld(Files.write(dir.resolve("ca.pem"), pem)));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        return entries;
    }

    private static String openSslSubjectHashOld(Path pem) throws Exception {
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "x509", "-noout", "-subject_hash_old", "-in", pem.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed");
            return null;
        }
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
}
