package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.log.EventLog;
import dev.sluice.log.LogEntry;
import dev.sluice.testsupport.TestPki;

class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    private final EventLog log = new EventLog();
    private final List<LogEntry> logged = Collections.synchronizedList(new ArrayList<>());

    {
        log.addListener(logged::add);
    }

    private List<String> messages() {
        return logged.stream().map(LogEntry::message).toList();
    }

    @Test
    void createsTheFourFilesOwnerOnlyKeyInANewOwnerOnlyConfdir() throws Exception {
        Path confdir = tmp.resolve("missing/.sluice");

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(confdir, 2048, log);

        try (Stream<Path> files = Files.list(confdir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "sluice-ca.pem", "sluice-ca-cert.pem", "sluice-ca-cert.cer", "sluice-ca-cert.p12");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(confdir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(confdir.resolve("sluice-ca.pem"))))
                .isEqualTo("rw-------");
        for (String pub : List.of("sluice-ca-cert.pem", "sluice-ca-cert.cer", "sluice-ca-cert.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(confdir.resolve(pub)))).isEqualTo("rw-r--r--");
        }
        String keyFile = Files.readString(confdir.resolve("sluice-ca.pem"));
        assertThat(keyFile).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .contains("-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END CERTIFICATE-----\n");
        assertThat(Files.readAllBytes(confdir.resolve("sluice-ca-cert.pem")))
                .isEqualTo(Files.readAllBytes(confdir.resolve("sluice-ca-cert.cer")))
                .isEqualTo(ca.download(CaDownload.PEM));
        assertThat(Files.readAllBytes(confdir.resolve("sluice-ca-cert.p12"))).isEqualTo(ca.download(CaDownload.P12));
        assertThat(ca.isMitmproxyCa()).isFalse();
        assertThat(messages()).containsExactly("Created a new certificate authority in " + confdir);
    }

    @Test
    void newCaHasTheSpecifiedProperties() throws Exception {
        Instant before = Instant.now();
        X509Certificate c = CertificateAuthority.loadOrCreate(tmp, 2048, log).certificate();

        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
        assertThat(CertInfos.from(c).subject()).isEqualTo("CN=sluice,O=sluice");
        RSAPublicKey key = (RSAPublicKey) c.getPublicKey();
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(c.getSerialNumber().signum()).isPositive();
        assertThat(c.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(c.getNotBefore().toInstant()).isBetween(before.minus(Duration.ofDays(2)).minusSeconds(2),
                Instant.now().minus(Duration.ofDays(2)));
        assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(3650));
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(c.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE); // CA, no path length
        assertThat(c.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        boolean[] usage = c.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(c).getExtensions())).isNotNull();
        c.verify(c.getPublicKey());
    }

    @Test
    void keySizeIsHonouredAndBelow2048Refused() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("a"), 3072, log);
        assertThat(((RSAPublicKey) ca.publicKey()).getModulus().bitLength()).isEqualTo(3072);

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(tmp.resolve("b"), 1024, log))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("Invalid value for key_size: must be at least 2048");
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    @Test
    void secondStartReusesTheCaWithoutWriting() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(tmp, 2048, log);
        long modified = Files.getLastModifiedTime(tmp.resolve("sluice-ca.pem")).toMillis();
        byte[] pem = Files.readAllBytes(tmp.resolve("sluice-ca-cert.pem"));
        logged.clear();

        CertificateAuthority second = CertificateAuthority.loadOrCreate(tmp, 4096, log); // key_size only matters on creation

        assertThat(second.certificate().getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
        assertThat(second.privateKey()).isEqualTo(first.privateKey());
        assertThat(Files.getLastModifiedTime(tmp.resolve("sluice-ca.pem")).toMillis()).isEqualTo(modified);
        assertThat(second.download(CaDownload.PEM)).isEqualTo(pem);
        assertThat(messages()).isEmpty();
    }

    @Test
    void twoStartsRacingOnAnEmptyConfdirEndWithOneCa() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<CertificateAuthority>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return CertificateAuthority.loadOrCreate(tmp, 2048, log);
            }));
        }
        X509Certificate a = racers.get(0).get().certificate();
        X509Certificate b = racers.get(1).get().certificate();

        assertThat(a).isEqualTo(b);
        assertThat(CertificateAuthority.loadOrCreate(tmp, 2048, log).certificate()).isEqualTo(a);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).hasSize(4); // no temporary file left behind
        }
    }

    @Test
    void reusesMitmproxysCaAsIsAndWritesNothing() throws Exception {
        TestPki.Issued mitm = TestPki.ca("mitmproxy");
        Path file = tmp.resolve("mitmproxy-ca.pem");
        Files.writeString(file, TestPki.traditional(mitm.privateKey()) + TestPki.pem(mitm.certificate()));

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp, 2048, log);

        assertThat(ca.certificate()).isEqualTo(mitm.certificate());
        assertThat(ca.isMitmproxyCa()).isTrue();
        assertThat(ca.downloadFileName(CaDownload.PEM)).isEqualTo("mitmproxy-ca-cert.pem");
        assertThat(ca.downloadFileName(CaDownload.P12)).isEqualTo("mitmproxy-ca-cert.p12");
        assertThat(messages()).containsExactly("Using mitmproxy's certificate authority from " + file);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void mitmproxysCertFileIsHandedOutByteForByte() throws Exception {
        TestPki.Issued mitm = TestPki.ca("mitmproxy");
        Files.writeString(tmp.resolve("mitmproxy-ca.pem"), TestPki.traditional(mitm.privateKey()) + TestPki.pem(mitm.certificate()));
        // mitmproxy's own PEM, with CRLF line ends to tell it apart from one Sluice would encode
        byte[] theirs = TestPki.pem(mitm.certificate()).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(tmp.resolve("mitmproxy-ca-cert.pem"), theirs);

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp, 2048, log);

        assertThat(ca.download(CaDownload.PEM)).isEqualTo(theirs);
        assertThat(ca.download(CaDownload.CER)).isEqualTo(theirs);
    }

    @Test
    void sluiceCaWinsOverMitmproxysInTheSameConfdir() throws Exception {
        CertificateAuthority sluice = CertificateAuthority.loadOrCreate(tmp, 2048, log);
        TestPki.Issued mitm = TestPki.ca("mitmproxy");
        Files.writeString(tmp.resolve("mitmproxy-ca.pem"), TestPki.traditional(mitm.privateKey()) + TestPki.pem(mitm.certificate()));

        assertThat(CertificateAuthority.loadOrCreate(tmp, 2048, log).certificate()).isEqualTo(sluice.certificate());
    }

    @Test
    void hintsAtMitmproxysCaOnlyWhenCreatingInTheDefaultConfdir() throws Exception {
        Path home = tmp.resolve("home");
        TestPki.Issued mitm = TestPki.ca("mitmproxy");
        Files.createDirectories(home.resolve(".mitmproxy"));
        Files.writeString(home.resolve(".mitmproxy/mitmproxy-ca.pem"), TestPki.traditional(mitm.privateKey()) + TestPki.pem(mitm.certificate()));
        String hint = "Found mitmproxy's CA in ~/.mitmproxy; start with --set confdir=~/.mitmproxy to keep devices that trust it working.";

        CertificateAuthority.loadOrCreate(tmp.resolve("elsewhere"), 2048, null, log, home);
        assertThat(messages()).doesNotContain(hint);

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(home.resolve(".sluice"), 2048, null, log, home);
        assertThat(messages()).contains(hint);
        assertThat(ca.certificate()).isNotEqualTo(mitm.certificate()); // never read from another directory
    }

    static Stream<Arguments> unusableCaFiles() {
        TestPki.Issued ca = TestPki.ca("broken");
        TestPki.Issued other = TestPki.ca("other");
        String cert = TestPki.pem(ca.certificate());
        String key = TestPki.traditional(ca.privateKey());
        return Stream.of(
                Arguments.of("empty file", "", "no private key"),
                Arguments.of("not PEM at all", "hello\u0000world", "no private key"),
                Arguments.of("certificate only", cert, "no private key"),
                Arguments.of("key only", key, "no certificate"),
                Arguments.of("someone else's key", TestPki.traditional(other.privateKey()) + cert,
                        "private key does not match certificate"),
                Arguments.of("encrypted, no passphrase", TestPki.encryptedPkcs8(ca.privateKey(), "secret") + cert,
                        "the private key is encrypted and cert_passphrase is not set"),
                Arguments.of("damaged base64", key + cert.replace("\n", "\n!!"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableCaFiles")
    void anUnusableCaFileIsAStartupErrorAndStaysUntouched(String what, String content, String reason) throws Exception {
        Path file = tmp.resolve("sluice-ca.pem");
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, bytes);

        var thrown = assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(tmp, 2048, log))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("Invalid CA file " + file + ": ");
        if (reason != null) thrown.hasMessage("Invalid CA file " + file + ": " + reason);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aWrongPassphraseIsNamed() throws Exception {
        TestPki.Issued ca = TestPki.ca("locked");
        Path file = tmp.resolve("sluice-ca.pem");
        Files.writeString(file, TestPki.encryptedTraditional(ca.privateKey(), "right") + TestPki.pem(ca.certificate()));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(tmp, 2048, "wrong", log))
                .hasMessage("Invalid CA file " + file + ": wrong passphrase");
    }

    static Stream<Arguments> acceptedKeyForms() {
        TestPki.Issued rsa = TestPki.ca("rsa");
        TestPki.Issued ec256 = TestPki.certificate().subject("ec", "ec").ca().key(TestPki.ecKeyPair("secp256r1")).selfSigned();
        TestPki.Issued ec384 = TestPki.certificate().subject("ec", "ec").ca().key(TestPki.ecKeyPair("secp384r1")).selfSigned();
        return Stream.of(
                Arguments.of("PKCS#1 RSA", rsa, (Function<TestPki.Issued, String>) i -> TestPki.traditional(i.privateKey())),
                Arguments.of("PKCS#8 RSA", rsa, (Function<TestPki.Issued, String>) i -> TestPki.pkcs8(i.privateKey())),
                Arguments.of("PKCS#8 EC P-256", ec256, (Function<TestPki.Issued, String>) i -> TestPki.pkcs8(i.privateKey())),
                Arguments.of("SEC1 EC P-384", ec384, (Function<TestPki.Issued, String>) i -> TestPki.traditional(i.privateKey())),
                Arguments.of("encrypted PKCS#8", rsa, (Function<TestPki.Issued, String>) i -> TestPki.encryptedPkcs8(i.privateKey(), "pw")),
                Arguments.of("encrypted traditional", rsa, (Function<TestPki.Issued, String>) i -> TestPki.encryptedTraditional(i.privateKey(), "pw")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedKeyForms")
    void loadsEveryAcceptedKeyForm(String form, TestPki.Issued ca, Function<TestPki.Issued, String> keyPem) throws Exception {
        // certificate first, then the key: the order in the file does not matter
        Files.writeString(tmp.resolve("sluice-ca.pem"), TestPki.pem(ca.certificate()) + keyPem.apply(ca));

        CertificateAuthority loaded = CertificateAuthority.loadOrCreate(tmp, 2048, "pw", log);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(Certificates.keyMatches(loaded.privateKey(), ca.certificate().getPublicKey())).isTrue();
    }

    @Test
    void furtherCertificatesInTheFileFormTheChain() throws Exception {
        TestPki.Issued root = TestPki.ca("root");
        TestPki.Issued intermediate = TestPki.certificate().subject("intermediate", "x").ca()
                .key(TestPki.rsaKeyPair(2048)).signedBy(root);
        Files.writeString(tmp.resolve("sluice-ca.pem"), TestPki.traditional(intermediate.privateKey())
                + TestPki.pem(intermediate.certificate()) + TestPki.pem(root.certificate()));

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp, 2048, log);

        assertThat(ca.certificate()).isEqualTo(intermediate.certificate());
        assertThat(ca.chain()).containsExactly(intermediate.certificate(), root.certificate());
    }

    @Test
    void anExpiredCaIsUsedWithAWarning() throws Exception {
        TestPki.Issued old = TestPki.certificate().subject("old", "old").ca().key(TestPki.rsaKeyPair(2048))
                .validity(Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2020-03-04T00:00:00Z")).selfSigned();
        Files.writeString(tmp.resolve("sluice-ca.pem"), TestPki.traditional(old.privateKey()) + TestPki.pem(old.certificate()));

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp, 2048, log);

        assertThat(ca.certificate()).isEqualTo(old.certificate());
        assertThat(messages()).containsExactly("The Sluice certificate authority has expired (2020-03-04); delete "
                + tmp + "/sluice-ca*.pem to create a new one.");
    }

    @Test
    void anExpiredMitmproxyCaWarningNamesMitmproxysFiles() throws Exception {
        TestPki.Issued old = TestPki.certificate().subject("old", "old").ca().key(TestPki.rsaKeyPair(2048))
                .validity(Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2020-03-04T00:00:00Z")).selfSigned();
        Files.writeString(tmp.resolve("mitmproxy-ca.pem"), TestPki.traditional(old.privateKey()) + TestPki.pem(old.certificate()));

        CertificateAuthority.loadOrCreate(tmp, 2048, log);

        assertThat(messages()).contains("The Sluice certificate authority has expired (2020-03-04); delete "
                + tmp + "/mitmproxy-ca*.pem to create a new one.");
    }

    @Test
    void downloadsParseAsTheCaCertificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp, 2048, log);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");

        for (CaDownload pemLike : List.of(CaDownload.PEM, CaDownload.CER)) {
            List<java.security.cert.Certificate> parsed =
                    List.copyOf(x509.generateCertificates(new ByteArrayInputStream(ca.download(pemLike))));
            assertThat(parsed).containsExactly(ca.certificate());
        }
        for (char[] password : new char[][]{null, new char[0]}) {
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(new ByteArrayInputStream(ca.download(CaDownload.P12)), password);
            assertThat(Collections.list(p12.aliases())).containsExactly("sluice");
            assertThat(p12.isCertificateEntry("sluice")).isTrue();
            assertThat(p12.getCertificate("sluice")).isEqualTo(ca.certificate());
        }
        assertThat(ca.downloadFileName(CaDownload.PEM)).isEqualTo("sluice-ca-cert.pem");
        assertThat(ca.downloadFileName(CaDownload.CER)).isEqualTo("sluice-ca-cert.cer");
        assertThat(ca.downloadFileName(CaDownload.P12)).isEqualTo("sluice-ca-cert.p12");
        assertThat(CaDownload.P12.contentType()).isEqualTo("application/x-pkcs12");
        assertThat(ca.sha256Fingerprint()).hasSize(64).isEqualTo(CertInfos.from(ca.certificate()).sha256());
    }
}
