package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieJarTest {

    private static final long NOW = 1_700_000_000_000L; // 2023-11-14

    private final CookieJar jar = new CookieJar();

    @Test
    void aHostOnlyCookieGoesBackToItsHostPortAndPath() {
        jar.learn("foo=bar", "host", 80, NOW);
        assertThat(jar.cookieHeader("host", 80, "/any", false)).isEqualTo("foo=bar");
        assertThat(jar.cookieHeader("host", 8080, "/any", false)).isNull();
        assertThat(jar.cookieHeader("sub.host", 80, "/any", false)).isNull();
    }

    @Test
    void legacyCommaSeparatedLinesAreSplitAndDomainsChecked() {
        String line = "SSID=mooo; domain=.google.com, FOO=bar; Domain=.google.com; Path=/; Expires=Wed, 13-Jan-2021 22:23:01 GMT; Secure; ";
        jar.learn(line, "host", 80, NOW);
        assertThat(jar.cookieHeader("host", 80, "/", true)).isNull();
        jar.learn(line, "www.google.com", 80, NOW);
        assertThat(jar.cookieHeader("www.google.com", 80, "/", true)).isEqualTo("SSID=mooo");
        jar.learn(line, "www.google.com", 80, 1_600_000_000_000L); // before the expiry: FOO is kept too
        assertThat(jar.cookieHeader("www.google.com", 80, "/", true)).isEqualTo("SSID=mooo; FOO=bar");
        assertThat(jar.cookieHeader("www.google.com", 80, "/", false)).isEqualTo("SSID=mooo");
    }

    @Test
    void plainCookiesAreNotSentToSiblingHosts() {
        jar.learn("SSID=mooo", "www.google.com", 80, NOW);
        assertThat(jar.cookieHeader("mail.google.com", 80, "/", false)).isNull();
    }

    @Test
    void domainMatchingIsAnchored() {
        jar.learn("a=1; Domain=.example.com", "www.example.com", 80, NOW);
        assertThat(jar.cookieHeader("example.com", 80, "/", false)).isEqualTo("a=1");
        assertThat(jar.cookieHeader("a.example.com", 80, "/", false)).isEqualTo("a=1");
        assertThat(jar.cookieHeader("example.com.evil.org", 80, "/", false)).isNull();
        assertThat(jar.cookieHeader("evil-example.com", 80, "/", false)).isNull();
    }

    @Test
    void topLevelDomainsAndIpLiteralsAreRefused() {
        jar.learn("a=1; Domain=com", "www.example.com", 80, NOW);
        jar.learn("b=2; Domain=0.1", "10.0.0.1", 80, NOW);
        assertThat(jar.cookieHeader("www.example.com", 80, "/", false)).isNull();
        assertThat(jar.cookieHeader("10.0.0.1", 80, "/", false)).isNull();
    }

    @Test
    void laterValuesReplaceAndExpiryDeletes() {
        jar.learn("a=1", "h.test", 80, NOW);
        jar.learn("b=2", "h.test", 80, NOW);
        jar.learn("a=3", "h.test", 80, NOW);
        assertThat(jar.cookieHeader("h.test", 80, "/", false)).isEqualTo("a=3; b=2");
        jar.learn("a=x; Max-Age=0", "h.test", 80, NOW);
        jar.learn("b=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "h.test", 80, NOW);
        assertThat(jar.cookieHeader("h.test", 80, "/", false)).isNull();
    }

    @Test
    void maxAgeWinsOverExpiresAndBadDatesMeanNoExpiry() {
        jar.learn("a=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "h.test", 80, NOW);
        jar.learn("b=2; Expires=not a date", "h.test", 80, NOW);
        assertThat(jar.cookieHeader("h.test", 80, "/", false)).isEqualTo("a=1; b=2");
    }

    @Test
    void pathsArePrefixesAndOddNamesAreKept() {
        jar.learn("foo/bar=1; Path=/app", "h.test", 80, NOW);
        jar.learn("foo@bar=2", "h.test", 80, NOW);
        assertThat(jar.cookieHeader("h.test", 80, "/app/x?y=1", false)).isEqualTo("foo/bar=1; foo@bar=2");
        assertThat(jar.cookieHeader("h.test", 80, "/other", false)).isEqualTo("foo@bar=2");
    }
}
