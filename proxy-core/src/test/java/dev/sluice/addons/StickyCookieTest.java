package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StickyCookieTest {

    private Origin origin;
    private ProxyFixture proxy;

    @BeforeEach
    void setUp() throws Exception {
        // a login page that sets a session cookie; every other page says whether the cookie came
        origin = new Origin((req, out) -> {
            if (req.target().equals("/login")) {
                Origin.writeResponse(out, 200, "OK", Map.of("Set-Cookie", "session=s3cret; Path=/"), "welcome".getBytes());
            } else {
                String cookie = req.header("Cookie");
                Origin.writeResponse(out, cookie != null && cookie.contains("session=s3cret") ? 200 : 403,
                        "X", Map.of(), String.valueOf(cookie).getBytes());
            }
            return true;
        });
        proxy = new ProxyFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        origin.close();
    }

    private String get(String path, String extraHeader) throws Exception {
        return proxy.raw("GET " + origin.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n"
                + (extraHeader == null ? "" : extraHeader + "\r\n") + "Connection: close\r\n\r\n");
    }

    @Test
    void aCookieLessRequestIsAuthenticatedAfterOneLogin() throws Exception {
        proxy.sluice().options().set("stickycookie=.");
        assertThat(get("/private", null)).startsWith("HTTP/1.1 403");
        get("/login", null);
        assertThat(get("/private", null)).startsWith("HTTP/1.1 200").endsWith("session=s3cret");
        assertThat(proxy.sluice().flows().snapshot().get(2).metadata()).containsEntry("stickycookie", true);
    }

    @Test
    void requestsWithTheirOwnCookiesAreLeftAlone() throws Exception {
        proxy.sluice().options().set("stickycookie=~all");
        get("/login", null);
        assertThat(get("/private", "Cookie: mine=1")).endsWith("mine=1");
    }

    @Test
    void theFilterSelectsWhichRequestsGetCookies() throws Exception {
        proxy.sluice().options().set("stickycookie=~u /other");
        get("/login", null);
        assertThat(get("/private", null)).startsWith("HTTP/1.1 403");
        assertThat(get("/other", null)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aBadFilterIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> proxy.sluice().options().set("stickycookie=~b"))
                .hasMessageStartingWith("Invalid value for stickycookie: Invalid filter expression: '~b'");
    }
}
