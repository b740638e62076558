package dev.sluice.tls;

import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;

/**
 * Ready-to-use server contexts for intercepted client connections: the one call an SNI handler
 * needs. The certificate and its context are made on the worker executor and cached together.
 */
public final class ClientFacingContexts {
    private final LeafCertificates leaves;
    private final SslContexts contexts;
    private final Executor worker;

    public ClientFacingContexts(LeafCertificates leaves, SslContexts contexts, Executor worker) {
        this.leaves = leaves;
        this.contexts = contexts;
        this.worker = worker;
    }

    /** The context presenting the certificate for these names and offering these ALPN protocols. */
    public CompletableFuture<SslContext> get(CertRequest request, List<String> alpn) {
        return get(request, alpn, List.of());
    }

    /** The same, sending the server's certificates after Sluice's chain ({@code add_upstream_certs_to_client_chain}). */
    public CompletableFuture<SslContext> get(CertRequest request, List<String> alpn, List<X509Certificate> serverChain) {
        List<String> protocols = List.copyOf(alpn);
        List<X509Certificate> extra = List.copyOf(serverChain);
        Thread caller = Thread.currentThread();
        return leaves.get(request).thenCompose(leaf -> {
            // A cache hit is a map lookup, fine on any thread.
            SslContext cached = leaf.cachedServerContext(contexts.clientFacingSettings(), protocols, extra);
            if (cached != null) return CompletableFuture.completedFuture(cached);
            // On the worker that has just made the leaf, build right there rather than queue again
            // behind other certificates; on the caller's thread (an event loop) hand it to a worker.
            if (Thread.currentThread() != caller) return CompletableFuture.completedFuture(build(leaf, protocols, extra));
            return CompletableFuture.supplyAsync(() -> build(leaf, protocols, extra), worker);
        });
    }

    private SslContext build(LeafCert leaf, List<String> alpn, List<X509Certificate> extra) {
        try {
            return contexts.clientFacing(leaf, alpn, extra);
        } catch (SSLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
