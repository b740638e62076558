package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.SluiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewriting features' flags on a real sluicedump process, as a user types them. */
class RewritingFlagsTest {

    private static RawResponse send(int port, RawRequest request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.bytes());
            return RawResponse.parse(ProxyFixture.readAll(s));
        }
    }

    @Test
    void everyRewritingFlagSetsItsOption(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("static"));
        Files.writeString(dir.resolve("static/app.css"), "p{}");
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo(); SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port),
                "--anticache", "--map-local", "|example.com/static|" + dir.resolve("static"), "-M", "|/before|/after",
                "-B", "/~s/method=/METHOD=", "-H", "/~q/X-Added/yes", "--set", "block_list=:~d ads.test:404")) {
            dump.awaitLine("listening at");
            assertThat(send(port, RawRequest.get("http://ads.test/")).status()).isEqualTo(404);
            assertThat(send(port, RawRequest.get("http://example.com/static/app.css")).bodyText()).isEqualTo("p{}");
            RawResponse echoed = send(port, RawRequest.get(origin.url("/before")).header("If-None-Match", "\"x\""));
            assertThat(echoed.bodyText()).startsWith("METHOD=GET");
            Origin.Received received = origin.take();
            assertThat(received.target()).isEqualTo("/after");
            assertThat(received.header("If-None-Match")).isNull();
            assertThat(received.header("X-Added")).isEqualTo("yes");
            assertThat(dump.stop()).isZero();
        }
    }

    @Test
    void aBadPatternOnTheCommandLineIsAStartupError() throws Exception {
        try (SluiceProcess dump = SluiceProcess.dump("-p", "0", "--listen-host", "127.0.0.1", "-H", "/~q/bad name/x")) {
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(String.join("\n", dump.stderr()))
                    .contains("sluicedump: Cannot parse modify_headers option /~q/bad name/x: invalid header name 'bad name'");
        }
    }
}
