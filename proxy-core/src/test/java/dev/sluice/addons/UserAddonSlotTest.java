package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addon.Addon;
import dev.sluice.addon.AddonChain;
import dev.sluice.addon.Hook;
import dev.sluice.flow.Flow;
import dev.sluice.log.EventLog;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.Eventually;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The user-addon slot sits at a different place in each hook (options-and-patterns.md §13). */
class UserAddonSlotTest {

    /** The user addon of these tests: notes in each hook what the built-ins have done to the flow so far. */
    static final class Recorder implements Addon {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void httpConnect(Flow flow) {
            seen.add("httpConnect");
        }

        @Override
        public void requestHeaders(Flow flow) {
            seen.add("requestHeaders X-Mod=" + flow.request().headers().get("X-Mod"));
        }

        @Override
        public void request(Flow flow) {
            seen.add("request If-None-Match=" + flow.request().headers().get("If-None-Match") + " path=" + flow.request().path());
        }

        @Override
        public void responseHeaders(Flow flow) {
            seen.add("responseHeaders X-Resp=" + flow.response().headers().get("X-Resp"));
        }

        @Override
        public void response(Flow flow) {
            String body = new String(flow.response().rawContent(), StandardCharsets.UTF_8);
            seen.add("response " + body.lines().findFirst().orElse("") + " intercepted=" + flow.isIntercepted());
        }

        @Override
        public void error(Flow flow) {
            seen.add("error");
        }
    }

    @Test
    void eachHookVisitsTheAddonsInTheOrderOfTheTable() {
        AddonChain chain = new AddonChain(new EventLog());
        chain.addAll(Addons.console());
        chain.setUserAddons(Addons.USER_SLOT, List.of(new Recorder()));
        // §13 without DumpPrinter, which sluicedump appends after the built-in chain
        assertThat(implementers(chain, Hook.HTTP_CONNECT)).containsExactly("ProxyAuth", "CertInstallPage", "Recorder");
        assertThat(implementers(chain, Hook.REQUEST_HEADERS)).containsExactly("ProxyAuth", "ModifyHeaders", "Recorder", "StreamLargeBodies");
        assertThat(implementers(chain, Hook.REQUEST)).containsExactly("BlockList", "Anticache", "Anticomp", "CertInstallPage", "Recorder",
                "ServerReplay", "MapRemote", "MapLocal", "ModifyBody", "StickyAuth", "StickyCookie", "Intercept");
        assertThat(implementers(chain, Hook.RESPONSE_HEADERS)).containsExactly("ModifyHeaders", "Recorder", "StreamLargeBodies");
        assertThat(implementers(chain, Hook.RESPONSE)).containsExactly("ModifyBody", "StickyCookie", "Recorder", "Intercept",
                "ClientReplay", "SaveFlows", "HarDump");
        assertThat(implementers(chain, Hook.ERROR)).containsExactly("Recorder", "ClientReplay", "SaveFlows", "HarDump");
    }

    @Test
    void withoutUserAddonsTheBuiltInOrderIsTheChainsListOrder() {
        AddonChain chain = new AddonChain(new EventLog());
        chain.addAll(Addons.defaults());
        chain.setUserAddons(Addons.USER_SLOT, List.of());
        for (Hook hook : Hook.values()) assertThat(chain.order(hook)).isEqualTo(chain.addons());
    }

    @Test
    void aUserAddonSeesWhatTheBuiltInsBeforeItDidAndNotWhatTheOnesAfterItDo() throws Exception {
        Recorder recorder = new Recorder();
        try (Origin origin = Origin.echo();
             ProxyFixture proxy = ProxyFixture.console("anticache=true", "map_remote=|/before|/after",
                     "modify_headers=|~q|X-Mod|1", "modify_headers=|~s|X-Resp|1", "modify_body=|~s|method|METHOD",
                     "intercept=~s")) {
            proxy.sluice().addons().setUserAddons(Addons.USER_SLOT, List.of(recorder));
            try (var socket = proxy.connect()) {
                ProxyFixture.write(socket, "GET " + origin.url("/before") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                        + "\r\nIf-None-Match: \"x\"\r\nConnection: close\r\n\r\n");
                Eventually.until(() -> recorder.seen.size() == 4);
                proxy.sluice().commands().execute("flow.resume @all");
                assertThat(ProxyFixture.readAll(socket)).contains("METHOD=GET");
            }
            assertThat(origin.take().target()).isEqualTo("/after");
        }
        assertThat(recorder.seen).containsExactly(
                "requestHeaders X-Mod=1",                        // after ModifyHeaders
                "request If-None-Match=null path=/before",       // after Anticache, before MapRemote
                "responseHeaders X-Resp=1",                      // after ModifyHeaders
                "response METHOD=GET intercepted=false");        // after ModifyBody, before Intercept
    }

    private static List<String> implementers(AddonChain chain, Hook hook) {
        List<String> names = new ArrayList<>();
        for (Addon a : chain.order(hook)) {
            boolean overrides = Arrays.stream(a.getClass().getMethods())
                    .anyMatch(m -> m.getName().equals(hook.methodName()) && m.getParameterCount() == 1
                            && m.getParameterTypes()[0] == Flow.class && m.getDeclaringClass() != Addon.class);
            if (overrides) names.add(a.getClass().getSimpleName());
        }
        return names;
    }
}
