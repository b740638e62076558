package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.net.TunnelDetector.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a tunnel's first bytes say it carries (null: wait for more). */
class TunnelDetectorTest {

    static Stream<Arguments> firstBytes() {
        return Stream.of(
                Arguments.of(new byte[]{0x16, 0x03, 0x01, 0x02, 0x00}, Protocol.TLS),
                Arguments.of(new byte[]{0x16, 0x03}, Protocol.TLS),
                Arguments.of(new byte[]{0x16}, null),
                Arguments.of(new byte[]{0x16, 0x02}, Protocol.OTHER),
                Arguments.of(ascii("GET / HTTP/1.1\r\n"), Protocol.HTTP),
                Arguments.of(ascii("OPTIONS * HTTP/1.1\r\n"), Protocol.HTTP),
                Arguments.of(ascii("PROPFIND "), Protocol.HTTP),
                Arguments.of(ascii("GE"), null),
                Arguments.of(ascii("get / HTTP/1.1\r\n"), Protocol.OTHER),
                Arguments.of(ascii(" GET /"), Protocol.OTHER),
                Arguments.of(ascii("SSH-2.0-OpenSSH_9.6\r\n"), Protocol.OTHER),
                Arguments.of(ascii("ABCDEFGHIJKLMNOPQRSTU"), Protocol.OTHER),
                Arguments.of(ascii("ABCDEFGHIJKLMNOPQRST"), null),
                Arguments.of(new byte[]{0, 1, 2}, Protocol.OTHER),
                Arguments.of(new byte[0], null));
    }

    @ParameterizedTest
    @MethodSource("firstBytes")
    void tellsTlsHttpAndAnythingElseApart(byte[] bytes, Protocol expected) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        assertThat(TunnelDetector.protocolOf(in)).isEqualTo(expected);
        assertThat(in.readerIndex()).isZero(); // nothing consumed: the next stage gets every byte
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
