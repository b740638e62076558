package dev.sluice.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import dev.sluice.log.EventLog;

/**
 * The certificates Sluice presents to clients: a {@code certs} option entry when one matches,
 * else a leaf signed by the CA (tls.md §3), cached.
 *
 * <p>The cache holds at most {@code capacity} certificates and evicts the least recently used,
 * so a client connecting to endless names cannot grow it. Certificates are signed on the worker
 * executor, never on the caller's thread (an event loop), and concurrent requests for the same
 * names share one generation.
 */
public final class LeafCertificates {
    public static final int DEFAULT_CAPACITY = 1000;

    private final LeafIssuer issuer;
    private final CustomCerts customCerts;
    private final Executor worker;
    private final EventLog log;
    private final AtomicLong generations = new AtomicLong();
    /** Futures rather than certificates, so a generation in progress is shared. Guarded by itself. */
    private final Map<CertRequest, CompletableFuture<LeafCert>> cache;

    public LeafCertificates(CertificateAuthority ca, CustomCerts customCerts, Executor worker, EventLog log) {
        this(ca, customCerts, worker, log, DEFAULT_CAPACITY);
    }

    public LeafCertificates(CertificateAuthority ca, CustomCerts customCerts, Executor worker, EventLog log,
                            int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.issuer = new LeafIssuer(ca);
        this.customCerts = customCerts;
        this.worker = worker;
        this.log = log;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<CertRequest, CompletableFuture<LeafCert>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The certificate for these names. Completes on the worker executor when it has to be made;
     * fails when it cannot be made (and that failure is logged once, not cached).
     */
    public CompletableFuture<LeafCert> get(CertRequest request) {
        LeafCert custom = customCerts.find(request);
        if (custom != null) return CompletableFuture.completedFuture(custom);

        CompletableFuture<LeafCert> future;
        boolean generateHere = false;
        synchronized (cache) {
            future = cache.get(request);
            if (future == null) {
                future = new CompletableFuture<>();
                cache.put(request, future);
                generateHere = true;
            }
        }
        if (generateHere) {
            CompletableFuture<LeafCert> pending = future;
            try {
                worker.execute(() -> generate(request, pending));
            } catch (RejectedExecutionException e) {
                fail(request, pending, e);
            }
        }
        // A copy: a caller cancelling its handshake must not cancel the shared generation.
        return future.copy();
    }

    private void generate(CertRequest request, CompletableFuture<LeafCert> pending) {
        try {
            LeafCert leaf = issuer.issue(request);
            generations.incrementAndGet();
            pending.complete(leaf);
        } catch (RuntimeException e) {
            fail(request, pending, e);
        }
    }

    private void fail(CertRequest request, CompletableFuture<LeafCert> pending, Exception e) {
        synchronized (cache) {
            cache.remove(request, pending); // the next handshake tries again
        }
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        log.warn("Could not create a certificate for " + String.join(", ", request.names()) + ": " + reason);
        pending.completeExceptionally(e);
    }

    /** How many leaves were signed so far (custom certificates and cache hits excluded). */
    public long generations() {
        return generations.get();
    }

    /** How many certificates the cache holds, including generations in progress. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
