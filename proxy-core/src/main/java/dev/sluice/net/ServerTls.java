package dev.sluice.net;

import dev.sluice.flow.CertInfo;
import dev.sluice.flow.Flow;
import dev.sluice.flow.ServerConn;
import dev.sluice.tls.CertInfos;
import dev.sluice.tls.CertificateVerifyException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS towards a server on an already connected channel: adds the handler first in its pipeline,
 * and when the handshake is done records the facts on the flow's {@link ServerConn} (tls.md §5,
 * flow facts). Used by pooled connections and by interception, which sniffs the server
 * certificate before presenting its own.
 */
final class ServerTls {
    /** security.md §4: a TLS handshake not complete within 30 s is abandoned. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    private ServerTls() {
    }

    /**
     * Starts the handshake. {@code serverName} is sent as SNI and is the name verified; null for
     * an IP literal host, which is then verified against the certificate's IP SANs.
     */
    static Future<Channel> handshake(Channel channel, SslContext context, String serverName, String host, int port,
                                     ServerConn info) {
        SslHandler tls = context.newHandler(channel.alloc(), serverName != null ? serverName : host, port);
        tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        channel.pipeline().addFirst("tls", tls);
        channel.pipeline().addAfter("tls", "tls-failure", new HandshakeFailure());
        Future<Channel> done = tls.handshakeFuture();
        done.addListener(f -> {
            if (!f.isSuccess()) return;
            channel.pipeline().remove(HandshakeFailure.class);
            record(tls, serverName, info);
        });
        return done;
    }

    /** Until the handshake succeeds its failure is the handshake future's to report; the exception only closes. */
    private static final class HandshakeFailure extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static void record(SslHandler tls, String serverName, ServerConn info) {
        SSLSession session = tls.engine().getSession();
        info.setTimestampTlsSetup(Flow.now());
        info.setSni(serverName);
        info.setAlpn(tls.applicationProtocol());
        info.setTlsVersion(session.getProtocol());
        info.setCipher(session.getCipherSuite());
        List<CertInfo> chain = new ArrayList<>();
        for (X509Certificate certificate : peerChain(session)) chain.add(CertInfos.from(certificate));
        info.setCertificateChain(chain);
    }

    /** The server's certificate after a successful handshake, or null when it sent none. */
    static X509Certificate peerCertificate(Channel channel) {
        List<X509Certificate> chain = peerChain(channel);
        return chain.isEmpty() ? null : chain.get(0);
    }

    /** The server's certificates after a successful handshake, its own first; empty when it sent none. */
    static List<X509Certificate> peerChain(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? List.of() : peerChain(tls.engine().getSession());
    }

    /** The ALPN protocol the server chose, or null. */
    static String negotiatedProtocol(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.applicationProtocol();
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) if (c instanceof X509Certificate x) chain.add(x);
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: nothing to show
        }
        return chain;
    }

    /** The name to send as SNI for a host: the host itself, unless it is an IP literal (no SNI then). */
    static String serverNameFor(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) ? null : host;
    }

    /** The verification reason of a failed handshake (tls.md §5), if that is why it failed. */
    static Optional<String> verifyFailure(Throwable handshakeFailure) {
        return CertificateVerifyException.reasonOf(handshakeFailure);
    }

    /**
     * What the flow and the client's error page say about a failed handshake:
     * {@code Certificate verify failed: <reason>}, else {@code Server TLS handshake failed: <reason>}.
     */
    static String failureMessage(Throwable handshakeFailure) {
        return verifyFailure(handshakeFailure).map(reason -> "Certificate verify failed: " + reason)
                .orElseGet(() -> "Server TLS handshake failed: " + Upstream.reason(handshakeFailure));
    }

    /** The warning logged for a failed handshake (tls.md §5 spells the verification case). */
    static String failureLogMessage(Throwable handshakeFailure) {
        String message = failureMessage(handshakeFailure);
        return verifyFailure(handshakeFailure).isPresent() ? "Server TLS handshake failed. " + message : message;
    }
}
