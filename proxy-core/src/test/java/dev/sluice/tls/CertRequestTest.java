package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertRequestTest {
    private static final UpstreamNames UPSTREAM =
            new UpstreamNames("upstream.test", "UpOrg", List.of("upstream.test", "alt.upstream.test", "127.0.0.1"));

    static Stream<Arguments> connections() {
        return Stream.of(
                // upstream, sni, connected-to, server host -> names, CN, O
                Arguments.of("tls.md §4: server certificate known", UPSTREAM, "foo.example", "10.0.0.1", "upstream.test",
                        List.of("upstream.test", "alt.upstream.test", "127.0.0.1", "foo.example"), "upstream.test", "UpOrg"),
                Arguments.of("tls.md §4: upstream_cert=false", null, "foo.example", "10.0.0.1", "upstream.test",
                        List.of("foo.example", "upstream.test"), "foo.example", null),
                Arguments.of("no SNI: connected-to address, then target", null, null, "10.0.0.1", "203.0.113.5",
                        List.of("10.0.0.1", "203.0.113.5"), "10.0.0.1", null),
                Arguments.of("empty SNI counts as none", null, "", "10.0.0.1", "a.test",
                        List.of("10.0.0.1", "a.test"), "10.0.0.1", null),
                Arguments.of("internationalised names in xn-- form", null, "bücher.example", null, "BÜCHER.example",
                        List.of("xn--bcher-kva.example"), "xn--bcher-kva.example", null),
                Arguments.of("wildcards kept, case folded", new UpstreamNames(null, null, List.of("*.Example.COM")),
                        "www.example.com", null, "www.example.com", List.of("*.example.com", "www.example.com"), "*.example.com", null),
                Arguments.of("IPv6 canonical, brackets dropped", null, null, "0:0:0:0:0:0:0:1", "[::1]",
                        List.of("::1"), "::1", null),
                Arguments.of("server CN without SANs", new UpstreamNames("only-cn.test", null, List.of()), "x.test", null, "x.test",
                        List.of("only-cn.test", "x.test"), "only-cn.test", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connections")
    void namesFollowTheOrderOfTlsMd(String what, UpstreamNames upstream, String sni, String connectedTo, String serverHost,
                                    List<String> names, String commonName, String organization) {
        CertRequest request = CertRequest.forConnection(upstream, sni, connectedTo, serverHost);

        assertThat(request.names()).containsExactlyElementsOf(names);
        assertThat(request.commonName()).isEqualTo(commonName);
        assertThat(request.organization()).isEqualTo(organization);
    }

    @Test
    void aNameOf64CharactersOrMoreHasNoCommonName() {
        String sixtyThree = "a".repeat(55) + ".example"; // 63
        String sixtyFour = "a".repeat(56) + ".example"; // 64
        String seventy = "a".repeat(40) + "." + "b".repeat(21) + ".example"; // 70

        assertThat(CertRequest.of(sixtyThree).commonName()).isEqualTo(sixtyThree);
        assertThat(CertRequest.of(sixtyFour).commonName()).isNull();
        assertThat(seventy).hasSize(70);
        assertThat(CertRequest.of(seventy, "short.test").commonName()).isNull(); // only the first name counts
    }

    @Test
    void equalNameListsAreEqualRequests() {
        assertThat(CertRequest.of("A.test", "b.test", "a.test")).isEqualTo(CertRequest.of("a.test", "b.test"));
        assertThat(CertRequest.of("a.test", "b.test")).isNotEqualTo(CertRequest.of("b.test", "a.test"));
        assertThat(new CertRequest(List.of("a.test"), "O")).isNotEqualTo(CertRequest.of("a.test"));
    }

    @Test
    void namesNoCertificateCanCarryAreDroppedAndNoneLeftIsRefused() {
        String invalidIdn = "ü".repeat(70) + ".test"; // a label too long for IDNA
        assertThat(CertRequest.of(invalidIdn, "ok.test").names()).containsExactly("ok.test");
        assertThatThrownBy(() -> CertRequest.of(invalidIdn, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
