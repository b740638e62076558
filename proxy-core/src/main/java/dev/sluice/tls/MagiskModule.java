package dev.sluice.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Magisk module that puts the CA certificate into a rooted Android device's system store,
 * where apps trust it without opting in to user certificates.
 */
public final class MagiskModule {
    public static final String FILE_NAME = "sluice-magisk-module.zip";

    /** Magisk's standard installer entry point: its own script does the work. */
    private static final String UPDATE_BINARY = """
            #!/sbin/sh
            umask 022
            ui_print() { echo "$1"; }
            OUTFD=$2
            ZIPFILE=$3
            . /data/adb/magisk/util_functions.sh
            install_module
            exit 0
            """;
    private static final String MODULE_PROP = """
            id=sluicecert
            name=Sluice certificate
            version=1
            versionCode=1
            author=sluice
            description=Adds the Sluice CA certificate to the system store
            """;

    private MagiskModule() {
    }

    /** The module ZIP holding the certificate (PEM) under Android's name for it. */
    public static byte[] zip(X509Certificate certificate, byte[] pem) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            add(zip, "META-INF/com/google/android/update-binary", UPDATE_BINARY.getBytes(StandardCharsets.US_ASCII));
            add(zip, "META-INF/com/google/android/updater-script", "#MAGISK\n".getBytes(StandardCharsets.US_ASCII));
            add(zip, "module.prop", MODULE_PROP.getBytes(StandardCharsets.US_ASCII));
            add(zip, "system/etc/security/cacerts/" + subjectHashOld(certificate) + ".0", pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * Android names system CA files by OpenSSL's {@code subject_hash_old}: the first four bytes of
     * the MD5 of the DER-encoded subject, read little-endian, as eight hex digits.
     */
    static String subjectHashOld(X509Certificate certificate) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(certificate.getSubjectX500Principal().getEncoded());
            long value = (md5[0] & 0xffL) | (md5[1] & 0xffL) << 8 | (md5[2] & 0xffL) << 16 | (md5[3] & 0xffL) << 24;
            return String.format("%08x", value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
