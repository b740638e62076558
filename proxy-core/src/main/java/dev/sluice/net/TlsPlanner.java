package dev.sluice.net;

import dev.sluice.addons.TlsConfig;
import dev.sluice.flow.ServerConn;
import dev.sluice.log.Level;
import dev.sluice.tls.CertRequest;
import dev.sluice.tls.ClientFacingContexts;
import dev.sluice.tls.KeyExchange;
import dev.sluice.tls.UpstreamNames;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Decides, once the client's ClientHello is read, how a TLS tunnel goes on (tls.md §3, §4, §7):
 * passed through untouched when the host rules say so; otherwise intercepted. With a server
 * connection (eager), Sluice first completes TLS with the server using the client's SNI and
 * ALPN offers, so the certificate it presents can copy the server's names and the client is
 * offered the protocol the server chose. Without one (lazy), the certificate names the SNI or
 * address. Runs on the tunnel's event loop; only the certificate is made elsewhere.
 */
final class TlsPlanner {
    private final Tunnel tunnel;
    private final EventExecutor loop;

    TlsPlanner(Tunnel tunnel, EventExecutor loop) {
        this.tunnel = tunnel;
        this.loop = loop;
    }

    Future<TlsPlan> plan(ClientHello hello) {
        Promise<TlsPlan> result = loop.newPromise();
        TlsConfig tls = tunnel.tls();
        if (tunnel.passesThrough(hello.sni(), null)) {
            tunnel.connectServer().addListener((Future<Channel> connected) -> {
                if (connected.isSuccess()) result.setSuccess(new TlsPlan.PassThrough(connected.getNow()));
                else result.setFailure(connected.cause());
            });
            return result;
        }
        if (tls.clientFacing() == null) {
            return result.setFailure(new IllegalStateException("no certificate authority is loaded"));
        }
        // tls.md §4: the client's SNI goes upstream, else the target host unless it is an IP literal
        String serverName = hello.sni() != null ? hello.sni() : ServerTls.serverNameFor(tunnel.host);
        if (tunnel.isTcpHost(hello.sni(), null)) {
            planTcp(result, hello, serverName);
            return result;
        }
        if (!tunnel.hasServerConnection()) {
            TunnelDestination destination = new TunnelDestination("https", tunnel.host, tunnel.port, serverName, null, null);
            present(result, hello, null, AlpnChoice.towardsClientAlone(hello.alpn()), List.of(),
                    context -> new TlsPlan.Intercept(context, destination), destination::discard);
            return result;
        }
        Channel server = tunnel.takeServerChannel();
        ServerConn info = tunnel.serverInfo();
        handshakeWithServer(server, hello, serverName).addListener(handshake -> {
            if (handshake.isSuccess()) {
                ServerConnection first = tunnel.server.upstream().attachHttp(server, info, true, serverName);
                TunnelDestination destination = new TunnelDestination("https", tunnel.host, tunnel.port, serverName, null, first);
                presentAfterServer(result, hello, server, context -> new TlsPlan.Intercept(context, destination), destination::discard);
            } else {
                // tls.md §5: the client still gets its handshake; its requests then get the reason
                String reason = ServerTls.verifyFailure(handshake.cause()).orElse(null);
                TunnelDestination destination = new TunnelDestination("https", tunnel.host, tunnel.port, serverName, reason, null);
                present(result, hello, null, AlpnChoice.towardsClientAlone(hello.alpn()), List.of(),
                        context -> new TlsPlan.Intercept(context, destination), destination::discard);
            }
        });
        return result;
    }

    /**
     * {@code tcp_hosts} (tls.md §7): TLS is intercepted on both legs, then the decrypted bytes are
     * relayed as a tcp flow. There is always a server connection first (made now when lazy): without
     * one nothing could be relayed. A server handshake that fails ends the tunnel.
     */
    private void planTcp(Promise<TlsPlan> result, ClientHello hello, String serverName) {
        tunnel.connectServer().addListener((Future<Channel> connected) -> {
            if (!connected.isSuccess()) {
                result.tryFailure(connected.cause());
                return;
            }
            Channel server = connected.getNow();
            handshakeWithServer(server, hello, serverName).addListener(handshake -> {
                if (handshake.isSuccess()) {
                    presentAfterServer(result, hello, server, context -> new TlsPlan.InterceptTcp(context, server), server::close);
                } else {
                    result.tryFailure(handshake.cause());
                }
            });
        });
    }

    /** TLS with the server on its connection, offering the client's ALPN protocols that Sluice speaks; a failure is logged and closes it. */
    private Future<Channel> handshakeWithServer(Channel server, ClientHello hello, String serverName) {
        SslContext context = tunnel.tls().upstream().forServer(AlpnChoice.towardsServer(hello.alpn()),
                serverName != null ? serverName : tunnel.host, KeyExchange.postQuantumTowardsServer(hello.groups()));
        Future<Channel> done = ServerTls.handshake(server, context, serverName, tunnel.host, tunnel.port, tunnel.serverInfo());
        done.addListener(handshake -> {
            if (handshake.isSuccess()) return;
            server.close();
            tunnel.server.sluice().log().log(Level.WARN, ServerTls.failureLogMessage(handshake.cause()), tunnel.client.peerText());
        });
        return done;
    }

    /**
     * After the server's handshake: the certificate copies the server's names ({@code upstream_cert}),
     * carries its chain ({@code add_upstream_certs_to_client_chain}), and the client is offered the
     * protocol the server chose.
     */
    private void presentAfterServer(Promise<TlsPlan> result, ClientHello hello, Channel server,
                                    Function<SslContext, TlsPlan> plan, Runnable discard) {
        TlsConfig tls = tunnel.tls();
        X509Certificate certificate = ServerTls.peerCertificate(server);
        UpstreamNames names = tls.copiesUpstreamNames() && certificate != null ? UpstreamNames.of(certificate) : null;
        List<String> alpn = AlpnChoice.towardsClient(ServerTls.negotiatedProtocol(server));
        // tls.md §4: add_upstream_certs_to_client_chain requires upstream_cert, so names are known
        List<X509Certificate> serverChain = names != null && tls.addsUpstreamCertsToClientChain()
                ? ServerTls.peerChain(server) : List.of();
        present(result, hello, names, alpn, serverChain, plan, discard);
    }

    /** How long a client waited for a certificate that had to be made: the first-contact cost of a host. */
    private void logFirstContact(CertRequest names, long askedNanos) {
        // two decimals by hand: String.format's parser and float formatting cost more than the rest of this line
        long hundredths = (System.nanoTime() - askedNanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        tunnel.server.sluice().log().log(Level.DEBUG, "Certificate for " + String.join(", ", names.names()) + " ready after "
                + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction + " ms", tunnel.client.peerText());
    }

    /** Asks for the certificate (made on the certificate workers when not cached) and completes the plan with it. */
    private void present(Promise<TlsPlan> result, ClientHello hello, UpstreamNames server, List<String> alpn,
                         List<X509Certificate> serverChain, Function<SslContext, TlsPlan> plan, Runnable discard) {
        String connectedTo = tunnel.client.sockname().getAddress().getHostAddress();
        CertRequest names;
        try {
            names = CertRequest.forConnection(server, hello.sni(), connectedTo, tunnel.host);
        } catch (IllegalArgumentException e) {
            discard.run();
            result.setFailure(e);
            return;
        }
        ClientFacingContexts certificates = tunnel.tls().clientFacing();
        long asked = System.nanoTime();
        CompletableFuture<SslContext> made = certificates.get(names, alpn, serverChain);
        if (!made.isDone()) made.thenRun(() -> logFirstContact(names, asked)); // a cache hit completes at once
        made.whenComplete((context, failure) -> {
            boolean planned = failure == null ? result.trySuccess(plan.apply(context)) : result.tryFailure(failure);
            if (failure != null || !planned) loop.execute(discard);
        });
    }
}
