package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sluice.log.EventLog;

class LeafIssuerTest {
    @TempDir
    static Path confdir;
    static CertificateAuthority ca;

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
    }

    private static final CertRequest REQUEST = CertRequest.forConnection(
            new UpstreamNames("origin.test", null, List.of("origin.test", "www.origin.test")), "origin.test", "127.0.0.1", "origin.test");

    /** The leaf verifies with the CA's public key, and its signature is the JDK's own for its content. */
    private static void assertSignedByTheCa(X509Certificate leaf) throws Exception {
        leaf.verify(ca.publicKey());
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
        // PKCS#1 v1.5 signatures are deterministic, so any correct signer gives the JDK's bytes.
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(ca.privateKey());
        jdk.update(leaf.getTBSCertificate());
        assertThat(leaf.getSignature()).isEqualTo(jdk.sign());
    }

    @Test
    void leavesAreSignedNativelyOnceTheProviderHasLoaded() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the native provider ships for linux-x86_64 here");
        Optional<Provider> loaded = NativeSignatures.loaded().get(30, TimeUnit.SECONDS);
        assertThat(loaded).as("native provider on linux-x86_64").isPresent();
        assertThat(NativeSignatures.ifReady()).isSameAs(loaded.get());

        AtomicInteger asked = new AtomicInteger();
        LeafIssuer issuer = new LeafIssuer(ca, () -> {
            asked.incrementAndGet();
            return loaded.get();
        });
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
        assertThat(asked).as("the provider is looked up until found, then kept").hasValue(1);
    }

    @Test
    void theJdkSignsUntilTheNativeProviderIsReady() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        LeafIssuer issuer = new LeafIssuer(ca, () -> {
            asked.incrementAndGet();
            return null;
        });
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
        assertThat(asked).as("asked again for every leaf while not ready").hasValue(2);
    }

    @Test
    void aProviderThatCannotSignHandsOverToTheJdk() throws Exception {
        Provider withoutSignatures = new Provider("NoSignatures", "1", "offers no algorithms") {
            private static final long serialVersionUID = 1L;
        };
        LeafIssuer issuer = new LeafIssuer(ca, () -> withoutSignatures);
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
        assertSignedByTheCa(issuer.issue(REQUEST).certificate());
    }
}
