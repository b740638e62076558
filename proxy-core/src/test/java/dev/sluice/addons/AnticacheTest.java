package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** anticache and anticomp through the real proxy: what the origin receives (features.md §1). */
class AnticacheTest {

    private static final String DATE = "Wed, 21 Oct 2015 07:28:00 GMT";

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    /** The header lines the origin received, Host and Connection left out. */
    private List<String> receivedHeaders(RawRequest request) throws Exception {
        rig.proxy().send(request);
        return rig.origin().take().headers().stream().map(h -> h[0] + ": " + h[1])
                .filter(line -> !line.startsWith("Host:") && !line.startsWith("Connection:")).toList();
    }

    private RawRequest conditional() {
        return RawRequest.get(rig.origin().url("/page")).header("If-None-Match", "\"x\"").header("If-Modified-Since", DATE);
    }

    @Test
    void offKeepsConditionalHeaders() throws Exception {
        assertThat(receivedHeaders(conditional())).containsExactly("If-None-Match: \"x\"", "If-Modified-Since: " + DATE);
    }

    @Test
    void onRemovesEveryConditionalHeaderInAnyCaseAndNothingElse() throws Exception {
        rig.proxy().set("anticache=true");
        RawRequest request = RawRequest.get(rig.origin().url("/page")).header("Cache-Control", "max-age=0")
                .header("If-None-Match", "\"a\"").header("if-none-match", "\"b\"").header("IF-NONE-MATCH", "\"c\"")
                .header("Pragma", "no-cache").header("If-Modified-Since", DATE).header("If-Match", "\"m\"")
                .header("If-Range", "\"r\"").header("If-Unmodified-Since", DATE);
        assertThat(receivedHeaders(request)).containsExactly("Cache-Control: max-age=0", "Pragma: no-cache",
                "If-Match: \"m\"", "If-Range: \"r\"", "If-Unmodified-Since: " + DATE);
    }

    @Test
    void aRequestWithoutConditionalHeadersIsUnchanged() throws Exception {
        rig.proxy().set("anticache=true");
        RawRequest request = RawRequest.get(rig.origin().url("/page")).header("B", "2").header("A", "1");
        rig.proxy().send(request);
        assertThat(rig.origin().take().rawHead()).isEqualTo("GET /page HTTP/1.1\r\nHost: 127.0.0.1:" + rig.origin().port()
                + "\r\nB: 2\r\nA: 1\r\nConnection: close\r\n\r\n");
    }

    @Test
    void switchingOnAtRunTimeAffectsTheNextRequest() throws Exception {
        assertThat(receivedHeaders(conditional())).hasSize(2);
        rig.proxy().sluice().commands().execute("set anticache=true");
        assertThat(receivedHeaders(conditional())).isEmpty();
    }

    @Test
    void anticompReplacesEveryAcceptEncodingByIdentity() throws Exception {
        rig.proxy().set("anticomp=true");
        RawRequest request = RawRequest.get(rig.origin().url("/")).header("Accept-Encoding", "gzip").header("X", "1")
                .header("accept-encoding", "br, zstd");
        assertThat(receivedHeaders(request)).containsExactly("Accept-Encoding: identity", "X: 1");
    }

    @Test
    void anticompAddsIdentityToARequestWithoutAcceptEncoding() throws Exception {
        rig.proxy().set("anticomp=true");
        assertThat(receivedHeaders(RawRequest.get(rig.origin().url("/")))).containsExactly("Accept-Encoding: identity");
    }
}
