package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import dev.sluice.flow.CertInfo;
import dev.sluice.testsupport.TestPki;

class CertInfosTest {
    @Test
    void theFactsOfACertificate() throws Exception {
        TestPki.Issued root = TestPki.ca("Info Root");
        TestPki.Issued origin = TestPki.certificate().subject("upstream.test", "UpOrg")
                .sans("upstream.test", "*.alt.upstream.test", "127.0.0.1", "::1")
                .validity(Instant.parse("2024-01-02T03:04:05Z"), Instant.parse("2034-01-02T03:04:05Z"))
                .signedBy(root);

        CertInfo info = CertInfos.from(origin.certificate());

        assertThat(info.subject()).isEqualTo("CN=upstream.test,O=UpOrg");
        assertThat(info.issuer()).isEqualTo("CN=Info Root,O=Info Root");
        assertThat(info.sans()).containsExactly("upstream.test", "*.alt.upstream.test", "127.0.0.1", "::1");
        assertThat(info.notBefore()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z").getEpochSecond());
        assertThat(info.notAfter()).isEqualTo(Instant.parse("2034-01-02T03:04:05Z").getEpochSecond());
        assertThat(info.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(origin.certificate().getEncoded())));
        assertThat(info.pem()).isEqualTo(TestPki.pem(origin.certificate()).replace("\r\n", "\n"));
    }

    @Test
    void upstreamNamesForSniffing() {
        TestPki.Issued origin = TestPki.certificate().subject("upstream.test", "UpOrg")
                .sans("upstream.test", "*.wild.test", "10.0.0.1").selfSigned();

        UpstreamNames names = UpstreamNames.of(origin.certificate());

        assertThat(names).isEqualTo(new UpstreamNames("upstream.test", "UpOrg", List.of("upstream.test", "*.wild.test", "10.0.0.1")));
    }

    @Test
    void aCertificateWithoutSubjectOrSansGivesNoNames() {
        TestPki.Issued bare = TestPki.certificate().subject(null, "OnlyOrg").selfSigned();

        assertThat(UpstreamNames.of(bare.certificate())).isEqualTo(new UpstreamNames(null, "OnlyOrg", List.of()));
    }
}
