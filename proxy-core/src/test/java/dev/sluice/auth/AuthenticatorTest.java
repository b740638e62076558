package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticatorTest {

    @TempDir
    Path dir;

    private static Credentials c(String user, String password) {
        return new Credentials(user, password);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Basic dXNlcjpwYXNz|user|pass",
            "BASIC dXNlcjpwYXNz|user|pass",
            "basic    dXNlcjpwYXNz|user|pass",
            "Basic dTpwOnE=|u|p:q"})
    void parsesBasicCredentials(String header, String user, String password) {
        assertThat(Credentials.parseBasic(header)).isEqualTo(c(user, password));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Basic !!notbase64", "Basic dXNlcg==", "Basic dXNlcjpwYXNz extra", "Bearer dXNlcjpwYXNz", "Basic"})
    void malformedCredentialsAreNotCredentials(String header) {
        assertThat(Credentials.parseBasic(header)).isNull();
    }

    @Test
    void anyAcceptsEveryWellFormedCredential() throws Exception {
        assertThat(Authenticator.parse("any").check(c("a", "b"))).isTrue();
    }

    @Test
    void singleUserSplitsAtTheFirstColon() throws Exception {
        Authenticator auth = Authenticator.parse("u:p:q");
        assertThat(auth.check(c("u", "p:q"))).isTrue();
        assertThat(auth.check(c("u", "p"))).isFalse();
        assertThat(auth.check(c("x", "p:q"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "foo|Invalid value for proxyauth: Invalid proxyauth specification.",
            "ldap:test:test:test|Invalid value for proxyauth: Invalid LDAP specification: ldap:test:test:test",
            "ldapssssssss:srv:dn:pw:tree|Invalid value for proxyauth: Invalid LDAP specification: ldapssssssss:srv:dn:pw:tree",
            "ldap:srv:port:dn:pw:tree|Invalid value for proxyauth: Invalid LDAP specification: ldap:srv:port:dn:pw:tree",
            "ldap:srv:dn:pw:tree?other=uid|Invalid value for proxyauth: Invalid LDAP specification: ldap:srv:dn:pw:tree?other=uid"})
    void refusesMalformedSpecs(String spec, String message) {
        assertThatThrownBy(() -> Authenticator.parse(spec)).hasMessage(message);
    }

    @Test
    void anUnreachableLdapServerFailsTheBindAtSetTime() {
        assertThatThrownBy(() -> Authenticator.parse("ldap:127.0.0.1:1:cn=admin:pw:dc=example?search_filter_key=uid"))
                .hasMessageStartingWith("Invalid value for proxyauth: LDAP bind failed: ");
    }

    @Test
    void ldapEscapesFilterCharacters() {
        assertThat(LdapAuthenticator.escape("a*(b)\\c\0")).isEqualTo("a\\2a\\28b\\29\\5cc\\00");
    }

    @Test
    void htpasswdAcceptsBcryptShaAndApr1() throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String bcrypt = OpenBSDBCrypt.generate("2y", "bpass".toCharArray(), salt, 4);
        String sha = "{SHA}" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest("spass".getBytes(StandardCharsets.UTF_8)));
        Path file = dir.resolve("htpasswd");
        // the apr1 entries were made with `openssl passwd -apr1 -salt <salt> <password>`
        Files.writeString(file, "# users\n\nbob:" + bcrypt + "\nsam:" + sha + "\nann:$apr1$r31.....$G/cElGhD0cboYkZN5h5Ne/\n"
                + "cid:$apr1$8sFt66rZ$vWSgrWGMVAZ1o/mbqYCK3.\n");
        Authenticator auth = Authenticator.parse("@" + file);
        assertThat(auth.isSlow()).isTrue();
        assertThat(auth.check(c("bob", "bpass"))).isTrue();
        assertThat(auth.check(c("bob", "wrong"))).isFalse();
        assertThat(auth.check(c("sam", "spass"))).isTrue();
        assertThat(auth.check(c("sam", "bpass"))).isFalse();
        assertThat(auth.check(c("ann", "secret"))).isTrue();
        assertThat(auth.check(c("ann", "Secret"))).isFalse();
        assertThat(auth.check(c("cid", "pass:word"))).isTrue();
        assertThat(auth.check(c("nobody", "secret"))).isFalse();
    }

    @Test
    void htpasswdErrorsNameTheFileAndLine() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Authenticator.parse("@" + missing))
                .hasMessage("Invalid value for proxyauth: Could not open htpasswd file: " + missing + " (No such file or directory)");
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "plain:text\n");
        assertThatThrownBy(() -> Authenticator.parse("@" + plain))
                .hasMessage("Invalid value for proxyauth: Could not open htpasswd file: " + plain + " (line 1: unsupported hash format)");
        Path md5 = dir.resolve("md5");
        Files.writeString(md5, "# c\nok:{SHA}x\nuser:$1$abc$def\n");
        assertThatThrownBy(() -> Authenticator.parse("@" + md5)).hasMessageEndingWith("(line 3: unsupported hash format)");
        Path noColon = dir.resolve("nocolon");
        Files.writeString(noColon, "justaname\n");
        assertThatThrownBy(() -> Authenticator.parse("@" + noColon)).hasMessageEndingWith("(line 1: expected user:hash)");
    }
}
