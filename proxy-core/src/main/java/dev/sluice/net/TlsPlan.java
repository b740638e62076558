package dev.sluice.net;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;

/** How a tunnel whose client sent a ClientHello goes on, as {@link TlsPlanner} decided. */
sealed interface TlsPlan {

    /** The client left while the plan was made: let go of what it holds. */
    void discard();

    /** Relayed byte for byte to this server connection: the client sees the server's own certificate. */
    record PassThrough(Channel server) implements TlsPlan {
        @Override
        public void discard() {
            server.close();
        }
    }

    /**
     * Intercepted as raw TCP ({@code tcp_hosts}): the client handshakes with this context, then
     * the decrypted bytes are relayed to this server connection (its TLS already established).
     */
    record InterceptTcp(SslContext clientContext, Channel server) implements TlsPlan {
        @Override
        public void discard() {
            server.close();
        }
    }

    /** Intercepted: the client handshakes with this context, and its requests go to the destination. */
    record Intercept(SslContext clientContext, TunnelDestination destination) implements TlsPlan {
        @Override
        public void discard() {
            destination.discard();
        }
    }
}
