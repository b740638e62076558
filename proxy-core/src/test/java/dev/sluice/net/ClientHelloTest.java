package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ClientHellos as the JDK's TLS client writes them, read back. */
class ClientHelloTest {

    static Stream<Arguments> hellos() {
        return Stream.of(
                Arguments.of("example.com", List.of("h2", "http/1.1")),
                Arguments.of("xn--bcher-kva.example", List.of("http/1.1")),
                Arguments.of(null, List.of("http/1.1")),
                Arguments.of("no-alpn.test", List.of()),
                Arguments.of(null, List.of()));
    }

    @ParameterizedTest
    @MethodSource("hellos")
    void readsTheServerNameAndTheOfferedProtocols(String sni, List<String> alpn) throws Exception {
        ByteBuf body = clientHelloBody(sni, alpn);
        try {
            ClientHello hello = ClientHello.parse(body);
            assertThat(hello.sni()).isEqualTo(sni);
            assertThat(hello.alpn()).isEqualTo(alpn);
        } finally {
            body.release();
        }
    }

    @Test
    void readsTheOfferedKeyExchangeGroupsInTheClientsOrder() throws Exception {
        ByteBuf body = clientHelloBody("groups.test", List.of());
        try {
            // Java 17's defaults: x25519, secp256r1, secp384r1, secp521r1, x448, then finite-field groups
            assertThat(ClientHello.parse(body).groups()).startsWith(0x001d, 0x0017, 0x0018, 0x0019, 0x001e).contains(0x0100);
        } finally {
            body.release();
        }
    }

    @Test
    void aTruncatedHelloYieldsWhatCameBeforeTheDamage() throws Exception {
        ByteBuf body = clientHelloBody("cut.test", List.of("http/1.1"));
        try {
            for (int length = 0; length < body.readableBytes(); length += 7) {
                ClientHello partial = ClientHello.parse(body.slice(body.readerIndex(), length));
                assertThat(partial.sni()).isIn(null, "cut.test");
            }
        } finally {
            body.release();
        }
    }

    /** The handshake body of a real ClientHello: after the 5-byte record header and the 4-byte handshake header. */
    static ByteBuf clientHelloBody(String sni, List<String> alpn) throws Exception {
        return handshakeBody(clientHelloRecord(sni, alpn));
    }

    /** A ClientHello record's handshake body, as {@link ClientHello#parse} takes it. */
    static ByteBuf handshakeBody(byte[] record) {
        return Unpooled.wrappedBuffer(record, 5 + 4, record.length - 5 - 4);
    }

    /** The first TLS record a JDK client sends: its ClientHello. */
    static byte[] clientHelloRecord(String sni, List<String> alpn) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(sni == null ? List.<SNIServerName>of() : List.of(new SNIHostName(sni)));
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        engine.setSSLParameters(parameters);
        ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), record);
        record.flip();
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }
}
