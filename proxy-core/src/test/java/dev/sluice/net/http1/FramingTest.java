package dev.sluice.net.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Headers;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramingTest {

    @ParameterizedTest(name = "{0} {1} after {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP/1.1 | 200 | GET     | Content-Length: 5        | LENGTH(5)
            HTTP/1.1 | 200 | GET     | Transfer-Encoding: chunked | CHUNKED
            HTTP/1.1 | 200 | GET     | X: y                     | UNTIL_CLOSE
            HTTP/1.1 | 200 | GET     | Transfer-Encoding: gzip  | UNTIL_CLOSE
            HTTP/1.0 | 200 | GET     | X: y                     | UNTIL_CLOSE
            HTTP/1.1 | 200 | HEAD    | Content-Length: 5        | NONE
            HTTP/1.1 | 200 | HEAD    | Transfer-Encoding: chunked | NONE
            HTTP/1.1 | 204 | GET     | Content-Length: 0        | NONE
            HTTP/1.1 | 304 | GET     | Transfer-Encoding: chunked | NONE
            HTTP/1.1 | 100 | POST    | X: y                     | NONE
            HTTP/1.1 | 101 | GET     | Upgrade: websocket       | NONE
            HTTP/1.1 | 200 | CONNECT | Content-Length: 5        | NONE
            HTTP/1.1 | 299 | CONNECT | X: y                     | NONE
            HTTP/1.1 | 407 | CONNECT | Content-Length: 5        | LENGTH(5)
            HTTP/1.1 | 502 | CONNECT | X: y                     | UNTIL_CLOSE
            """)
    void responseFraming(String version, int status, String method, String field, String framing) {
        String[] nv = field.split(": ");
        assertThat(Framing.forResponse(method, status, version, Headers.of(nv[0], nv[1])).toString()).isEqualTo(framing);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP/1.1 | X: y                     | NONE
            HTTP/1.1 | Content-Length: 0        | LENGTH(0)
            HTTP/1.1 | content-length: 12       | LENGTH(12)
            HTTP/1.1 | Transfer-Encoding: gzip, chunked | CHUNKED
            HTTP/1.0 | Content-Length: 3        | LENGTH(3)
            """)
    void requestFraming(String version, String field, String framing) {
        String[] nv = field.split(": ");
        assertThat(Framing.forRequest(Headers.of(nv[0], nv[1]), version).toString()).isEqualTo(framing);
    }

    @Test
    void failuresCarryTheColumnStatus() {
        Headers both = Headers.of("Content-Length", "1", "Transfer-Encoding", "chunked");
        assertThatThrownBy(() -> Framing.forRequest(both, "HTTP/1.1")).isInstanceOfSatisfying(Http1Exception.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.toFailure()).isEqualTo(new DecodeFailure(400, "Content-Length and Transfer-Encoding both present"));
        });
        assertThatThrownBy(() -> Framing.forResponse("GET", 200, "HTTP/1.1", both))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThatThrownBy(() -> Framing.forRequest(Headers.of("Transfer-Encoding", "gzip"), "HTTP/1.1"))
                .isInstanceOf(Http1Exception.class);
    }

    @Test
    void aTurkishDefaultLocaleChangesNothing() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(Framing.forRequest(Headers.of("TRANSFER-ENCODING", "CHUNKED"), "HTTP/1.1")).isEqualTo(Framing.CHUNKED);
            assertThat(Framing.forRequest(Headers.of("transfer-encodIng", "chunked"), "HTTP/1.1")).isEqualTo(Framing.CHUNKED);
            assertThatThrownBy(() -> Framing.forRequest(Headers.of("Transfer-Encoding", "chunked"), "HTTP/1.0"))
                    .isInstanceOf(Http1Exception.class);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void valueObject() {
        assertThat(Framing.ofLength(0)).isEqualTo(new Framing(Framing.Kind.LENGTH, 0));
        assertThat(Framing.ofLength(0).hasBody()).isFalse();
        assertThat(Framing.ofLength(1).hasBody()).isTrue();
        assertThat(Framing.NONE.hasBody()).isFalse();
        assertThat(Framing.CHUNKED.hasBody()).isTrue();
        assertThat(Framing.UNTIL_CLOSE.hasBody()).isTrue();
        assertThatThrownBy(() -> Framing.ofLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Framing(Framing.Kind.CHUNKED, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setContentLengthKeepsPlaceAndSpellingAndDropsTransferEncoding() {
        Headers h = Headers.of("A", "1", "content-LENGTH", "5", "Transfer-Encoding", "chunked", "B", "2", "Content-Length", "7");
        assertThat(Framing.setContentLength(h, 12)).isEqualTo(Framing.ofLength(12));
        assertThat(Wire.fields(h)).isEqualTo("{A: 1, content-LENGTH: 12, B: 2}");
        Headers empty = new Headers();
        Framing.setContentLength(empty, 0);
        assertThat(Wire.fields(empty)).isEqualTo("{Content-Length: 0}");
    }

    @Test
    void setChunked() {
        Headers h = Headers.of("Content-Length", "5", "X", "y");
        assertThat(Framing.setChunked(h)).isEqualTo(Framing.CHUNKED);
        assertThat(Wire.fields(h)).isEqualTo("{X: y, Transfer-Encoding: chunked}");
        Headers gzip = Headers.of("transfer-encoding", "gzip");
        Framing.setChunked(gzip);
        assertThat(Wire.fields(gzip)).isEqualTo("{transfer-encoding: gzip, chunked}");
        Headers already = Headers.of("Transfer-Encoding", "gzip, Chunked");
        Framing.setChunked(already);
        assertThat(Wire.fields(already)).isEqualTo("{Transfer-Encoding: gzip, Chunked}");
    }

    @Test
    void reframeFollowsMitmproxy() {
        Headers chunked = Headers.of("Transfer-Encoding", "chunked");
        assertThat(Framing.reframe(chunked, 10)).isEqualTo(Framing.CHUNKED);
        assertThat(Wire.fields(chunked)).isEqualTo("{Transfer-Encoding: chunked}");
        Headers length = Headers.of("Content-Length", "5");
        assertThat(Framing.reframe(length, 10)).isEqualTo(Framing.ofLength(10));
        assertThat(Wire.fields(length)).isEqualTo("{Content-Length: 10}");
        Headers none = Headers.of("X", "1");
        assertThat(Framing.reframe(none, 3)).isEqualTo(Framing.ofLength(3));
        assertThat(Wire.fields(none)).isEqualTo("{X: 1, Content-Length: 3}");
    }

    @Test
    void closeDelimitedResponseToHttp11AndHttp10Clients() {
        Headers h11 = Headers.of("Content-Type", "text/plain");
        assertThat(Framing.reframeUnknownLength(h11, "HTTP/1.1")).isEqualTo(Framing.CHUNKED);
        assertThat(Wire.fields(h11)).isEqualTo("{Content-Type: text/plain, Transfer-Encoding: chunked}");
        Headers h10 = Headers.of("Content-Length", "5", "X", "y");
        assertThat(Framing.reframeUnknownLength(h10, "HTTP/1.0")).isEqualTo(Framing.UNTIL_CLOSE);
        assertThat(Wire.fields(h10)).isEqualTo("{X: y}");
    }

    @Test
    void headsKnowKeepAliveAndTargetForm() {
        assertThat(new RequestHead("GET", "/", "HTTP/1.1", new Headers(), Framing.NONE).keepAlive()).isTrue();
        assertThat(new RequestHead("GET", "/", "HTTP/1.1", Headers.of("Connection", "keep-alive, Close"), Framing.NONE)
                .keepAlive()).isFalse();
        assertThat(new RequestHead("GET", "/", "HTTP/1.0", new Headers(), Framing.NONE).keepAlive()).isFalse();
        assertThat(new RequestHead("GET", "/", "HTTP/1.0", Headers.of("connection", "Keep-Alive"), Framing.NONE).keepAlive())
                .isTrue();
        assertThat(new ResponseHead("HTTP/1.1", 200, "OK", new Headers(), Framing.UNTIL_CLOSE).keepAlive()).isFalse();
        assertThat(new ResponseHead("HTTP/1.1", 200, "OK", new Headers(), Framing.ofLength(0)).keepAlive()).isTrue();
        assertThat(new ResponseHead("HTTP/1.1", 100, "Continue", new Headers(), Framing.NONE).isInterim()).isTrue();
        assertThat(new ResponseHead("HTTP/1.1", 101, "Switching", new Headers(), Framing.NONE).isInterim()).isFalse();
        assertThat(head("/x").targetForm()).isEqualTo(RequestHead.TargetForm.ORIGIN);
        assertThat(head("http://a/").targetForm()).isEqualTo(RequestHead.TargetForm.ABSOLUTE);
        assertThat(head("a:443").targetForm()).isEqualTo(RequestHead.TargetForm.AUTHORITY);
        assertThat(head("*").targetForm()).isEqualTo(RequestHead.TargetForm.ASTERISK);
        assertThat(head("http://a/x").withTarget("/x").target()).isEqualTo("/x");
    }

    private static RequestHead head(String target) {
        return new RequestHead("GET", target, "HTTP/1.1", new Headers(), Framing.NONE);
    }
}
