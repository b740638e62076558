package dev.sluice.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sluice.log.EventLog;
import io.netty.handler.ssl.SslProvider;

/**
 * A micro-measurement, not a test: it only prints. Not matched by {@code *Test}; run it with
 * {@code mvn -o -q -pl proxy-core test -Dtest=LeafGenerationTiming}.
 */
@Tag("timing")
class LeafGenerationTiming {
    private static final int WARM_UP = 300;
    private static final int HOSTS = 1000;

    @TempDir
    Path confdir;

    @Test
    void leafGenerationLatency() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
        ExecutorService worker = Executors.newFixedThreadPool(2);
        try {
            LeafCertificates leaves = new LeafCertificates(ca, CustomCerts.none(), worker, new EventLog());
            IntConsumer generate = i -> leaves.get(CertRequest.of("host" + i + ".timing.test")).join();
            measure("warm-up", WARM_UP, i -> generate.accept(-1 - i));
            report("leaf, one request at a time (incl. worker hand-off)", measure("leaf", HOSTS, generate));

            long start = System.nanoTime();
            List<CompletableFuture<LeafCert>> burst = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) burst.add(leaves.get(CertRequest.of("burst" + i + ".timing.test")));
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("leaf, %d requested at once on 2 workers: %.0f ms total, %.0f leaves/s%n",
                    HOSTS, seconds * 1000, HOSTS / seconds);

            for (SslProvider provider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
                SslContexts contexts = SslContexts.using(provider);
                LeafCert[] sample = new LeafCert[WARM_UP];
                for (int i = 0; i < WARM_UP; i++) sample[i] = leaves.get(CertRequest.of("ctx" + i + ".timing.test")).join();
                report("server context, " + provider, measure("ctx", WARM_UP, i -> {
                    try {
                        contexts.clientFacing(sample[i], SslContexts.HTTP_1_1);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** The CPU cost of a whole leaf (build, sign, parse) with the JDK's signer and the native one. */
    @Test
    void leafCostBySigner() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
        java.security.Provider nativeProvider = NativeSignatures.loaded().get().orElse(null);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            for (java.security.Provider provider : java.util.Arrays.asList(null, nativeProvider)) {
                LeafIssuer issuer = new LeafIssuer(ca, () -> provider);
                IntConsumer issue = i -> issuer.issue(CertRequest.of("host" + i + ".timing.test"));
                measure("warm-up", WARM_UP * 3, issue);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long[] wall = measure("leaf", HOSTS, issue);
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / HOSTS;
                report(String.format("leaf signed by %s (CPU %.3f ms each)",
                        provider == null ? "the JDK" : provider.getName(), cpuMs), wall);
            }
        }
    }

    /**
     * The CPU cost of the one signature a new leaf needs, by JCA provider: the JDK's SunRsaSign
     * (what Sluice uses) and BouncyCastle's, with the CA key as loaded (CRT form) and without CRT.
     */
    @Test
    void signatureCostByProvider() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
        java.security.PrivateKey crt = ca.privateKey();
        System.out.println("CA key: " + crt.getClass().getName());
        java.security.interfaces.RSAPrivateKey rsa = (java.security.interfaces.RSAPrivateKey) crt;
        java.security.PrivateKey plain = java.security.KeyFactory.getInstance("RSA").generatePrivate(
                new java.security.spec.RSAPrivateKeySpec(rsa.getModulus(), rsa.getPrivateExponent()));
        byte[] tbs = new byte[700]; // about a leaf's to-be-signed part
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String provider : List.of("SunRsaSign", "BC")) {
            java.security.Provider p = provider.equals("BC") ? new org.bouncycastle.jce.provider.BouncyCastleProvider()
                    : java.security.Security.getProvider(provider);
            for (java.security.PrivateKey key : List.of(crt, plain)) {
                java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA", p);
                IntConsumer sign = i -> {
                    try {
                        signature.initSign(key);
                        signature.update(tbs);
                        signature.sign();
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                };
                measure("warm-up", WARM_UP, sign);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long[] wall = measure("sign", HOSTS, sign);
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / HOSTS;
                report(String.format("SHA256withRSA 2048 by %s, %s key (CPU %.2f ms each)", provider,
                        key == crt ? "CRT" : "non-CRT", cpuMs), wall);
            }
        }
    }

    private static long[] measure(String what, int n, IntConsumer task) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            task.accept(i);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String what, long[] sorted) {
        System.out.printf("%s over %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
