package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.testsupport.TestPki;

class CertSpecTest {
    @TempDir
    Path tmp;

    private static TestPki.Issued root;
    private static TestPki.Issued site;

    @BeforeAll
    static void pki() {
        root = TestPki.ca("certs root");
        site = TestPki.certificate().subject("site.test", "Site").sans("site.test", "www.site.test", "*.img.site.test")
                .signedBy(root);
    }

    @Test
    void aPathAloneIsRegisteredForEveryDomain() throws Exception {
        Path file = site.writePem(tmp.resolve("site.pem"));

        CertSpec spec = CertSpec.parse(file.toString());

        assertThat(spec.domain()).isEqualTo("*");
        assertThat(spec.path()).isEqualTo(file);
        assertThat(spec.chain()).containsExactly(site.certificate(), root.certificate());
        assertThat(spec.privateKey()).isNotNull();
    }

    @Test
    void aDomainAndAFileWithoutKey() throws Exception {
        Path file = Files.writeString(tmp.resolve("nokey.pem"), TestPki.pem(site.certificate()));

        CertSpec spec = CertSpec.parse("Example.COM=" + file);

        assertThat(spec.domain()).isEqualTo("example.com");
        assertThat(spec.chain()).containsExactly(site.certificate());
        assertThat(spec.privateKey()).isNull();
    }

    @Test
    void anEncryptedKeyIsDecryptedWithThePassphrase() throws Exception {
        Path file = Files.writeString(tmp.resolve("enc.pem"),
                TestPki.pem(site.certificate()) + TestPki.encryptedPkcs8(site.privateKey(), "open sesame"));

        assertThat(CertSpec.parse(file.toString(), "open sesame").privateKey()).isNotNull();
        assertThatThrownBy(() -> CertSpec.parse(file.toString(), "nope"))
                .hasMessage("Cannot parse certs option " + file + ": Invalid certificate format for " + file + ": wrong passphrase");
    }

    @Test
    void aLeadingTildeIsTheHomeDirectory() {
        String home = System.getProperty("user.home");
        assertThatThrownBy(() -> CertSpec.parse("a.test=~/surely-missing-sluice.pem"))
                .hasMessage("Cannot parse certs option a.test=~/surely-missing-sluice.pem: Certificate file does not exist: "
                        + home + "/surely-missing-sluice.pem");
    }

    static Stream<Arguments> badItems() {
        Function<TestPki.Issued, String> none = null;
        return Stream.of(
                Arguments.of("missing.pem", none, "Certificate file does not exist: {dir}/missing.pem"),
                Arguments.of("garbage.pem", text("not a certificate\n"), "Invalid certificate format for {dir}/garbage.pem: no certificate"),
                Arguments.of("keyonly.pem", (Function<TestPki.Issued, String>) c -> TestPki.pkcs8(c.privateKey()),
                        "Invalid certificate format for {dir}/keyonly.pem: no certificate"),
                Arguments.of("otherkey.pem", (Function<TestPki.Issued, String>) c ->
                                TestPki.pem(c.certificate()) + TestPki.pkcs8(TestPki.ca("other").privateKey()),
                        "Private key in {dir}/otherkey.pem does not match its certificate"),
                Arguments.of("broken.pem", text("-----BEGIN CERTIFICATE-----\nAAAA!!\n-----END CERTIFICATE-----\n"), null));
    }

    private static Function<TestPki.Issued, String> text(String content) {
        return c -> content;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badItems")
    void errorsNameTheItemAndTheReason(String name, Function<TestPki.Issued, String> content, String reason) throws Exception {
        Path file = tmp.resolve(name);
        if (content != null) Files.writeString(file, content.apply(site));
        String item = "x.test=" + file;

        var thrown = assertThatThrownBy(() -> CertSpec.parse(item)).isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("Cannot parse certs option " + item + ": ");
        if (reason != null) thrown.hasMessage("Cannot parse certs option " + item + ": " + reason.replace("{dir}", tmp.toString()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "site.test, site",          // the CN
            "www.site.test, site",      // a SAN
            "a.img.site.test, site",    // a wildcard SAN
            "Other.Test, other",        // exact domain, case-insensitive
            "deep.other.test, wild",    // *.other.test
            "x.y.org, org",             // *.org after *.y.org
            "unrelated.net, any",       // *
    })
    void lookupTriesExactThenWildcardFormsThenStar(String host, String expected) throws Exception {
        Path siteFile = site.writePem(tmp.resolve("site.pem"));
        List<CertSpec> specs = List.of(
                spec("any", "*"), spec("other", "other.test"), spec("wild", "*.other.test"), spec("org", "*.org"),
                CertSpec.parse("site.example=" + siteFile));
        CustomCerts certs = CustomCerts.of(specs, null);

        Optional<CertSpec> hit = certs.forHost(host);

        assertThat(hit).isPresent();
        assertThat(hit.get().domain().equals("site.example") ? "site" : hit.get().path().getFileName().toString())
                .isEqualTo(expected);
    }

    @Test
    void starIsTriedOnlyAfterEveryNameOfTheRequest() throws Exception {
        CustomCerts certs = CustomCerts.of(List.of(spec("any", "*"), spec("second", "second.test")), null);

        LeafCert found = certs.find(CertRequest.of("first.test", "second.test"));

        assertThat(found.certificate()).isEqualTo(certs.forHost("second.test").orElseThrow().certificate());
        assertThat(CustomCerts.none().forHost("anything.test")).isEmpty();
    }

    @Test
    void aCertificateWithoutKeyIsPresentedWithTheCaKey() throws Exception {
        TestPki.Issued caSigned = TestPki.certificate().subject("k.test", null).sans("k.test").signedBy(root);
        CertSpec noKey = new CertSpec("k.test", tmp.resolve("k.pem"), caSigned.chain(), null);

        LeafCert leaf = CustomCerts.of(List.of(noKey), caSigned.privateKey()).find(CertRequest.of("k.test"));

        assertThat(leaf.privateKey()).isEqualTo(caSigned.privateKey());
    }

    /** A distinct self-signed certificate registered under a domain; the file name tells which one was found. */
    private CertSpec spec(String fileName, String domain) {
        TestPki.Issued c = TestPki.certificate().subject(fileName + ".invalid", null).selfSigned();
        return new CertSpec(domain, tmp.resolve(fileName), c.chain(), c.privateKey());
    }
}
