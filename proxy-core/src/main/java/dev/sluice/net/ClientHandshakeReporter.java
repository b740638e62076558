package dev.sluice.net;

import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.log.EventLog;
import dev.sluice.log.Level;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * Reports how the client's TLS handshake with Sluice ended: on success the TLS facts go on the
 * client's connection; on failure one log line says why, in the words of tls.md §8 (no flow
 * exists yet), and the connection closes. It leaves the pipeline once the handshake succeeded.
 */
final class ClientHandshakeReporter extends ChannelInboundHandlerAdapter {
    /** Alerts by which a client says it does not accept the certificate. */
    private static final Set<String> DISTRUST = Set.of("bad_certificate", "unsupported_certificate", "certificate_revoked",
            "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied");
    /** The JDK's "Received fatal alert: unknown_ca" and BoringSSL's "...:TLSV1_ALERT_UNKNOWN_CA". */
    private static final Pattern ALERT = Pattern.compile("(?:Received fatal alert: |(?:SSLV3|TLSV1)_ALERT_)([A-Za-z_]+)");
    /**
     * What BoringSSL and the JDK say when a TLS 1.3 client aborts with an alert it did not
     * encrypt: OpenSSL clients (curl) do that when they reject the certificate, so it reads like
     * the client hanging up.
     */
    private static final Pattern UNREADABLE_ABORT = Pattern.compile("BAD_PACKET_LENGTH|Insufficient buffer remaining for AEAD cipher fragment");

    private final EventLog log;
    private final ClientConn client;
    private final String host;
    private boolean failed;

    /** @param host the tunnel's host, named when the client sent no SNI */
    ClientHandshakeReporter(EventLog log, ClientConn client, String host) {
        this.log = log;
        this.client = client;
        this.host = host;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                recordFacts(ctx.pipeline().get(SslHandler.class));
                ctx.fireUserEventTriggered(evt);
                ctx.pipeline().remove(this);
                return;
            }
            failed = true;
            log.log(Level.WARN, failureMessage(done.cause()), client.peerText());
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void recordFacts(SslHandler tls) {
        SSLSession session = tls.engine().getSession();
        client.setTimestampTlsSetup(Flow.now());
        client.setTlsVersion(session.getProtocol());
        client.setCipher(session.getCipherSuite());
        client.setAlpn(tls.applicationProtocol());
    }

    /** The failure is reported by the completion event; the same cause as an exception would only repeat it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (failed || tls == null || !tls.handshakeFuture().isDone()) {
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    String failureMessage(Throwable cause) {
        String name = client.sni() != null ? client.sni() : host;
        String alert = alertOf(cause);
        if (alert != null && DISTRUST.contains(alert)) {
            return "Client TLS handshake failed. The client does not trust the proxy's certificate for " + name + " (" + alert + ")";
        }
        if (alert == null && causedByClose(cause)) {
            return "Client TLS handshake failed. The client disconnected during the handshake. If this happens consistently for "
                    + name + ", the client probably does not trust the proxy's certificate.";
        }
        return "Client TLS handshake failed: " + Upstream.reason(cause);
    }

    private static String alertOf(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = t.getMessage() == null ? null : ALERT.matcher(t.getMessage());
            if (m != null && m.find()) return m.group(1).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static boolean causedByClose(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException) return true;
            if (t.getMessage() != null && UNREADABLE_ABORT.matcher(t.getMessage()).find()) return true;
        }
        return false;
    }
}
