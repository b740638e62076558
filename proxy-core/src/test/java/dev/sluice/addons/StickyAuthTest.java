package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StickyAuthTest {

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    private Origin.Received send(String host, String extraHeader) throws Exception {
        rig.proxy().raw("GET http://" + host + ":" + rig.origin().port() + "/ HTTP/1.1\r\nHost: " + host + ":" + rig.origin().port() + "\r\n"
                + (extraHeader == null ? "" : extraHeader + "\r\n") + "Connection: close\r\n\r\n");
        return rig.origin().take();
    }

    @Test
    void addsTheRememberedHeaderToLaterRequestsToTheSameHost() throws Exception {
        rig.proxy().sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "authorization: foo");
        assertThat(send("127.0.0.1", null).header("Authorization")).isEqualTo("foo");
        assertThat(send("localhost", null).header("Authorization")).isNull();
    }

    @Test
    void aRequestWithItsOwnHeaderKeepsItAndUpdatesTheMemory() throws Exception {
        rig.proxy().sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "Authorization: one");
        assertThat(send("127.0.0.1", "Authorization: two").header("Authorization")).isEqualTo("two");
        assertThat(send("127.0.0.1", null).header("Authorization")).isEqualTo("two");
    }

    @Test
    void aNonMatchingFilterRemembersButNeverAdds() throws Exception {
        rig.proxy().sluice().options().set("stickyauth=~d other.example");
        send("127.0.0.1", "Authorization: foo");
        assertThat(send("127.0.0.1", null).header("Authorization")).isNull();
    }

    @Test
    void aBadFilterIsRefusedAndABareSetDisables() throws Exception {
        assertThatThrownBy(() -> rig.proxy().sluice().options().set("stickyauth=~~")).hasMessageStartingWith("Invalid value for stickyauth: ");
        rig.proxy().sluice().options().set("stickyauth=.*");
        send("127.0.0.1", "Authorization: foo");
        rig.proxy().sluice().commands().execute("set stickyauth");
        assertThat(send("127.0.0.1", null).header("Authorization")).isNull();
    }
}
