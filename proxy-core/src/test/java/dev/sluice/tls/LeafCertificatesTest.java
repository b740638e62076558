package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.log.EventLog;
import dev.sluice.log.LogEntry;
import dev.sluice.testsupport.TestPki;

class LeafCertificatesTest {
    @TempDir
    static Path confdir;
    static CertificateAuthority ca;
    static ExecutorService worker;

    private final EventLog log = new EventLog();
    private final List<LogEntry> logged = new CopyOnWriteArrayList<>();

    {
        log.addListener(logged::add);
    }

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
        AtomicInteger n = new AtomicInteger();
        worker = Executors.newFixedThreadPool(2, r -> new Thread(r, "cert-worker-" + n.incrementAndGet()));
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    private LeafCertificates leaves() {
        return new LeafCertificates(ca, CustomCerts.none(), worker, log);
    }

    private static X509Certificate leafFor(CertRequest request) throws Exception {
        return new LeafCertificates(ca, CustomCerts.none(), worker, new EventLog()).get(request).get(10, TimeUnit.SECONDS).certificate();
    }

    static Stream<Arguments> leafNames() {
        String seventy = "a".repeat(40) + "." + "b".repeat(21) + ".example";
        return Stream.of(
                Arguments.of(CertRequest.forConnection(
                                new UpstreamNames("upstream.test", "UpOrg", List.of("upstream.test", "alt.upstream.test", "127.0.0.1")),
                                "foo.example", null, "upstream.test"),
                        "CN=upstream.test,O=UpOrg", List.of("upstream.test", "alt.upstream.test", "127.0.0.1", "foo.example"), false),
                Arguments.of(CertRequest.forConnection(null, "foo.example", null, "upstream.test"),
                        "CN=foo.example", List.of("foo.example", "upstream.test"), false),
                Arguments.of(CertRequest.forConnection(null, null, "192.0.2.7", "203.0.113.5"),
                        "CN=192.0.2.7", List.of("192.0.2.7", "203.0.113.5"), false),
                Arguments.of(CertRequest.of("bücher.example"), "CN=xn--bcher-kva.example", List.of("xn--bcher-kva.example"), false),
                Arguments.of(CertRequest.of("*.wild.test", "[2001:db8::1]"), "CN=*.wild.test",
                        List.of("*.wild.test", "2001:db8::1"), false),
                Arguments.of(CertRequest.of(seventy), "", List.of(seventy), true));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("leafNames")
    void subjectAndAlternativeNamesFollowTheRequest(CertRequest request, String subject, List<String> sans,
                                                     boolean sanCritical) throws Exception {
        X509Certificate leaf = leafFor(request);

        assertThat(CertInfos.from(leaf).subject()).isEqualTo(subject);
        assertThat(CertInfos.from(leaf).sans()).containsExactlyElementsOf(sans);
        assertThat(leaf.getCriticalExtensionOIDs() != null
                && leaf.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId())).isEqualTo(sanCritical);
    }

    @Test
    void leafReusesTheCaKeyAndCarriesTheSpecifiedExtensions() throws Exception {
        LeafCert leaf = leaves().get(CertRequest.of("example.test")).get(10, TimeUnit.SECONDS);
        X509Certificate c = leaf.certificate();

        assertThat(c.getPublicKey()).isEqualTo(ca.publicKey());
        assertThat(leaf.privateKey()).isEqualTo(ca.privateKey());
        assertThat(leaf.chain()).containsExactly(c, ca.certificate());
        assertThat(c.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        c.verify(ca.publicKey());
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(Extension.subjectAlternativeName.getId(),
                Extension.extendedKeyUsage.getId(), Extension.authorityKeyIdentifier.getId());
        var caSki = SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(ca.certificate()).getExtensions());
        var aki = AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(c).getExtensions());
        assertThat(aki.getKeyIdentifierOctets()).isEqualTo(caSki.getKeyIdentifier());
        assertThat(c.getSerialNumber().signum()).isPositive();
        assertThat(c.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    }

    @Test
    void validFromTwoDaysAgoFor197DaysAhead() throws Exception {
        Instant before = Instant.now();
        X509Certificate c = leafFor(CertRequest.of("time.test"));
        Instant after = Instant.now();

        assertThat(c.getNotBefore().toInstant()).isBetween(before.minus(Duration.ofDays(2)).minusSeconds(1), after.minus(Duration.ofDays(2)));
        assertThat(c.getNotAfter().toInstant()).isBetween(before.plus(Duration.ofDays(197)).minusSeconds(1), after.plus(Duration.ofDays(197)));
    }

    @Test
    void serialNumbersAreUnique() throws Exception {
        LeafCertificates leaves = leaves();
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            serials.add(leaves.get(CertRequest.of("host" + i + ".test")).get(10, TimeUnit.SECONDS).certificate().getSerialNumber());
        }
        assertThat(serials).hasSize(200);
    }

    @Test
    void aRepeatedRequestIsACacheHit() throws Exception {
        LeafCertificates leaves = leaves();
        LeafCert first = leaves.get(CertRequest.of("a.test", "b.test")).get(10, TimeUnit.SECONDS);
        LeafCert again = leaves.get(CertRequest.of("A.test", "b.test", "a.test")).get(10, TimeUnit.SECONDS);

        assertThat(again).isSameAs(first);
        assertThat(leaves.generations()).isEqualTo(1);
        assertThat(leaves.size()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForTheSameNamesShareOneGeneration() throws Exception {
        LeafCertificates leaves = leaves();
        int callers = 32;
        CyclicBarrier together = new CyclicBarrier(callers);
        ExecutorService callerThreads = Executors.newFixedThreadPool(callers);
        try {
            List<CompletableFuture<LeafCert>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return leaves.get(CertRequest.of("same.test"));
                }, callerThreads).thenCompose(f -> f));
            }
            Set<LeafCert> distinct = new HashSet<>();
            for (CompletableFuture<LeafCert> r : results) distinct.add(r.get(10, TimeUnit.SECONDS));

            assertThat(distinct).hasSize(1);
            assertThat(leaves.generations()).isEqualTo(1);
        } finally {
            callerThreads.shutdownNow();
        }
    }

    @Test
    void generationRunsOnTheWorkerNeverOnTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.none(), task -> worker.execute(() -> {
            ranOn.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }), log);

        CompletableFuture<LeafCert> pending = leaves.get(CertRequest.of("later.test"));
        assertThat(pending).isNotDone(); // the caller was not made to wait
        release.countDown();

        assertThat(pending.get(10, TimeUnit.SECONDS).certificate()).isNotNull();
        assertThat(ranOn).singleElement().asString().startsWith("cert-worker-");
    }

    @Test
    void cancellingOneCallersFutureDoesNotCancelTheSharedGeneration() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.none(), task -> worker.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }), log);

        leaves.get(CertRequest.of("shared.test")).cancel(true);
        CompletableFuture<LeafCert> other = leaves.get(CertRequest.of("shared.test"));
        release.countDown();

        assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(leaves.generations()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedIsEvictedFirst() throws Exception {
        LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.none(), worker, log, 3);
        for (String name : List.of("a.test", "b.test", "c.test", "a.test", "d.test")) {
            leaves.get(CertRequest.of(name)).get(10, TimeUnit.SECONDS);
        }
        assertThat(leaves.size()).isEqualTo(3);
        assertThat(leaves.generations()).isEqualTo(4);

        leaves.get(CertRequest.of("a.test")).get(10, TimeUnit.SECONDS); // kept: used after b
        assertThat(leaves.generations()).isEqualTo(4);
        leaves.get(CertRequest.of("b.test")).get(10, TimeUnit.SECONDS); // evicted: made again
        assertThat(leaves.generations()).isEqualTo(5);
    }

    @Test
    void manyDistinctNamesNeverGrowTheCacheBeyond1000() throws Exception {
        LeafCertificates leaves = leaves();
        List<CompletableFuture<LeafCert>> all = new ArrayList<>();
        for (int i = 0; i < 1100; i++) all.add(leaves.get(CertRequest.of("sub" + i + ".storm.test")));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(leaves.size()).isEqualTo(LeafCertificates.DEFAULT_CAPACITY).isEqualTo(1000);
        assertThat(leaves.generations()).isEqualTo(1100);
    }

    @Test
    void aFailedGenerationIsLoggedAndNotCached() {
        AtomicInteger attempts = new AtomicInteger();
        LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.none(), task -> {
            if (attempts.incrementAndGet() == 1) throw new RejectedExecutionException("worker pool is shut down");
            worker.execute(task);
        }, log);

        assertThatThrownBy(() -> leaves.get(CertRequest.of("fail.test", "10.1.2.3")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(logged).extracting(LogEntry::message)
                .containsExactly("Could not create a certificate for fail.test, 10.1.2.3: worker pool is shut down");
        assertThat(leaves.size()).isZero();
        assertThat(leaves.get(CertRequest.of("fail.test", "10.1.2.3")).join()).isNotNull(); // the next handshake retries
    }

    @Test
    void aMatchingCertsEntryIsPresentedInsteadOfAGeneratedLeaf() throws Exception {
        TestPki.Issued own = TestPki.certificate().subject("own.test", null).sans("own.test").selfSigned();
        CertSpec spec = new CertSpec("*.mine.test", Path.of("own.pem"), own.chain(), own.privateKey());
        LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.of(List.of(spec), ca.privateKey()), worker, log);

        LeafCert presented = leaves.get(CertRequest.of("www.mine.test")).get(10, TimeUnit.SECONDS);

        assertThat(presented.chain()).containsExactly(own.certificate());
        assertThat(presented.privateKey()).isEqualTo(own.privateKey());
        assertThat(leaves.generations()).isZero();
        assertThat(leaves.get(CertRequest.of("other.test")).get(10, TimeUnit.SECONDS).certificate())
                .isNotEqualTo(own.certificate());
    }
}
