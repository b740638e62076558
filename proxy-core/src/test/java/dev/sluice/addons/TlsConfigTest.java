package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.option.OptionsException;
import dev.sluice.testsupport.TestConfdir;
import dev.sluice.testsupport.TestPki;
import dev.sluice.tls.CertRequest;
import dev.sluice.tls.LeafCert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The TLS options: checked when set, and what they make. */
class TlsConfigTest {
    @TempDir
    Path dir;
    private Sluice sluice;
    private TlsConfig tls;

    @BeforeEach
    void start() throws OptionsException {
        sluice = new Sluice(false);
        tls = new TlsConfig();
        sluice.addAddons(List.of(new CoreOptions(), tls));
        sluice.options().configureAll();
        sluice.options().set("confdir=" + TestConfdir.shared());
    }

    @AfterEach
    void stop() {
        sluice.shutdown();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("key_size=1024", "Invalid value for key_size: must be at least 2048"),
                Arguments.of("ssl_verify_upstream_trusted_ca=/nonexistent/ca.pem",
                        "Invalid value for ssl_verify_upstream_trusted_ca: file does not exist: /nonexistent/ca.pem"),
                Arguments.of("ssl_verify_upstream_trusted_confdir=/nonexistent",
                        "Invalid value for ssl_verify_upstream_trusted_confdir: directory does not exist: /nonexistent"),
                Arguments.of("certs=/nonexistent/cert.pem",
                        "Cannot parse certs option /nonexistent/cert.pem: Certificate file does not exist: /nonexistent/cert.pem"),
                Arguments.of("allow_hosts=[", "Invalid value for allow_hosts: Invalid regular expression '[' (Unclosed character class)"),
                Arguments.of("client_certs=/nonexistent/client.pem",
                        "Invalid value for client_certs: file or directory does not exist: /nonexistent/client.pem"),
                Arguments.of("ciphers_client=TLS_AES_128_GCM_SHA256:NOPE-CIPHER",
                        "Invalid value for ciphers_client: unknown cipher suite NOPE-CIPHER"),
                Arguments.of("ciphers_server=HIGH:!aNULL", "Invalid value for ciphers_server: unknown cipher suite HIGH"),
                Arguments.of("ciphers_client=@STRENGTH", "Invalid value for ciphers_client: unknown cipher suite @STRENGTH"),
                Arguments.of("tls_version_client_min=TLS2",
                        "Failed to parse option tls_version_client_min: invalid choice: TLS2 (choose from UNBOUNDED, SSL3, TLS1, TLS1_1, TLS1_2, TLS1_3)"),
                Arguments.of("tls_version_server_max=TLS1_1",
                        "Invalid value for tls_version_server_min: TLS1_2 is above tls_version_server_max (TLS1_1)"),
                Arguments.of("tls_version_client_max=SSL3",
                        "Invalid value for tls_version_client_max: SSL3 leaves no version the Java runtime can speak (TLS1 is the lowest)"),
                Arguments.of("connection_strategy=sometimes",
                        "Failed to parse option connection_strategy: invalid choice: sometimes (choose from eager, lazy)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesBadValuesWithTheSpecsMessage(String setting, String message) {
        String name = setting.substring(0, setting.indexOf('='));
        Object before = sluice.options().get(name);
        assertThatThrownBy(() -> sluice.options().set(setting)).isInstanceOf(OptionsException.class).hasMessage(message);
        assertThat(sluice.options().get(name)).isEqualTo(before);
    }

    @Test
    void addUpstreamCertsToClientChainRequiresUpstreamCert() throws Exception {
        assertThatThrownBy(() -> sluice.options().set("add_upstream_certs_to_client_chain=true", "upstream_cert=false"))
                .isInstanceOf(OptionsException.class)
                .hasMessage("add_upstream_certs_to_client_chain requires the upstream_cert option to be enabled.");
        assertThat(sluice.options().bool("add_upstream_certs_to_client_chain")).isFalse();
        sluice.options().set("add_upstream_certs_to_client_chain=true");
        assertThatThrownBy(() -> sluice.options().set("upstream_cert=false")).isInstanceOf(OptionsException.class);
        assertThat(sluice.options().bool("upstream_cert")).isTrue();
    }

    @Test
    void ignoreAndAllowHostsExcludeEachOther() throws Exception {
        sluice.options().set("ignore_hosts=a");
        assertThatThrownBy(() -> sluice.options().set("allow_hosts=b"))
                .hasMessage("ignore_hosts and allow_hosts are mutually exclusive; please choose one.");
        assertThat(sluice.options().list("allow_hosts")).isEmpty(); // rolled back
        assertThat(tls.passThrough().passesThrough(List.of("a:443"))).isTrue();
    }

    @Test
    void theCaIsLoadedOnlyWhenAskedAndAgainWhenTheConfdirChanges() throws Exception {
        Path other = dir.resolve("other");
        sluice.options().set("confdir=" + other);
        assertThat(tls.certificateAuthority()).isNull();
        assertThat(other).doesNotExist(); // setting options writes nothing

        tls.loadCertificateAuthority();
        var first = tls.certificateAuthority().certificate();
        assertThat(other.resolve("sluice-ca.pem")).exists();

        sluice.options().set("confdir=" + TestConfdir.shared());
        assertThat(tls.certificateAuthority().certificate()).isNotEqualTo(first);
    }

    @Test
    void aBrokenCaInANewConfdirIsRefusedAndTheOldOneStays() throws Exception {
        tls.loadCertificateAuthority();
        var loaded = tls.certificateAuthority();
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("sluice-ca.pem"), "garbage");
        assertThatThrownBy(() -> sluice.options().set("confdir=" + broken))
                .hasMessageStartingWith("Invalid CA file " + broken.resolve("sluice-ca.pem") + ": ");
        assertThat(tls.certificateAuthority().certificate()).isEqualTo(loaded.certificate());
    }

    @Test
    void aCertsEntryIsPresentedInsteadOfAGeneratedCertificate() throws Exception {
        TestPki.Issued custom = TestPki.certificate().subject("custom.test", null).sans("custom.test", "*.custom.test")
                .selfSigned();
        Path file = custom.writePem(dir.resolve("custom.pem"));
        sluice.options().set("certs=" + file);
        tls.loadCertificateAuthority();
        LeafCert presented = tls.leafCertificates().get(CertRequest.of("www.custom.test")).get(5, TimeUnit.SECONDS);
        assertThat(presented.certificate()).isEqualTo(custom.certificate());
        assertThat(tls.leafCertificates().generations()).isZero();
    }

    @Test
    void sslInsecureSwitchesTheUpstreamContexts() throws Exception {
        assertThat(tls.upstream().isInsecure()).isFalse();
        sluice.options().set("ssl_insecure=true");
        assertThat(tls.upstream().isInsecure()).isTrue();
    }
}
