package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StickyAuthTest {

    private Origin origin;
    private ProxyFixture proxy;

    @BeforeEach
    void setUp() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        origin.close();
    }

    private Origin.Received send(String host, String extraHeader) throws Exception {
        proxy.raw("GET http://" + host + ":" + origin.port() + "/ HTTP/1.1\r\nHost: " + host + ":" + origin.port() + "\r\n"
                + (extraHeader == null ? "" : extraHeader + "\r\n") + "Connection: close\r\n\r\n");
        return origin.take();
    }

    @Test
    void addsTheRememberedHeaderToLaterRequestsToTheSameHost() throws Exception {
        proxy.sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "authorization: foo");
        assertThat(send("127.0.0.1", null).header("Authorization")).isEqualTo("foo");
        assertThat(send("localhost", null).header("Authorization")).isNull();
    }

    @Test
    void aRequestWithItsOwnHeaderKeepsItAndUpdatesTheMemory() throws Exception {
        proxy.sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "Authorization: one");
        assertThat(send("127.0.0.1", "Authorization: two").header("Authorization")).isEqualTo("two");
        assertThat(send("127.0.0.1", null).header("Authorization")).isEqualTo("two");
    }

    @Test
    void aNonMatchingFilterRemembersButNeverAdds() throws Exception {
        proxy.sluice().options().set("stickyauth=~d other.example");
        send("127.0.0.1", "Authorization: foo");
        assertThat(send("127.0.0.1", null).header("Authorization")).isNull();
    }

    @Test
    void aBadFilterIsRefusedAndABareSetDisables() throws Exception {
        assertThatThrownBy(() -> proxy.sluice().options().set("stickyauth=~~")).hasMessageStartingWith("Invalid value for stickyauth: ");
        proxy.sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "Authorization: foo");
        proxy.sluice().commands().execute("set stickyauth");
        assertThat(send("127.0.0.1", null).header("Authorization")).isNull();
    }
}
