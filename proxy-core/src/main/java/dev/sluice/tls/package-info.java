/**
 * TLS interception's certificate machinery (tls.md §2-§6); no Netty pipeline code lives here.
 *
 * <p>Start-up, and again whenever {@code confdir}, {@code certs} or the trust options change:
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.loadOrCreate(confdir, keySize, certPassphrase, log);
 * CustomCerts certs = CustomCerts.of(items.stream().map(i -> CertSpec.parse(i, certPassphrase)).toList(), ca.privateKey());
 * LeafCertificates leaves = new LeafCertificates(ca, certs, worker, log);
 * SslContexts contexts = SslContexts.fromSystemProperty();
 * ClientFacingContexts clientFacing = new ClientFacingContexts(leaves, contexts, worker);
 * SslContext upstream = contexts.upstream(sslInsecure ? UpstreamTrust.insecure()
 *         : UpstreamTrust.verifying(trustedCaFile, trustedCaDir), alpnOffers);
 * }</pre>
 *
 * <p>Per intercepted connection, on the event loop (nothing here blocks it):
 * <pre>{@code
 * UpstreamNames server = upstreamCert && sniffed != null ? UpstreamNames.of(sniffed) : null;
 * CertRequest names = CertRequest.forConnection(server, sni, localAddressOfClient, connectTarget);
 * clientFacing.get(names, alpn).whenComplete((context, failure) -> ...); // continue the client handshake
 * upstream.newHandler(alloc, sniOrIpLiteral, port); // the name given here is the name verified
 * CertificateVerifyException.reasonOf(handshakeFailure); // "certificate has expired", ...
 * }</pre>
 * All failures meant for the user are {@link dev.sluice.tls.TlsConfigException}s with the
 * spec's message.
 */
package dev.sluice.tls;
