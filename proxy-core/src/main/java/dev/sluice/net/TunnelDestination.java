package dev.sluice.net;

import dev.sluice.flow.Request;

/**
 * Where the requests inside a CONNECT tunnel go: the tunnel's destination, whatever their Host
 * header says (security.md §3, note), with the scheme the client speaks in it. It also carries
 * what the tunnel learned on the way in: the server connection made for it (eager strategy),
 * handed to the first request, or why the server's certificate was not trusted.
 */
final class TunnelDestination {
    private final String scheme;
    private final String host;
    private final int port;
    private final String serverName;
    private final String verifyFailure;
    private ServerConnection established;

    /**
     * @param serverName    the SNI towards the destination (the client's SNI), or null for none
     * @param verifyFailure the reason the server's certificate failed verification, or null
     * @param established   a connection to the destination ready for a first request, or null
     */
    TunnelDestination(String scheme, String host, int port, String serverName, String verifyFailure,
                      ServerConnection established) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.serverName = serverName;
        this.verifyFailure = verifyFailure;
        this.established = established;
    }

    String scheme() {
        return scheme;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** {@code Certificate verify failed: <reason>} when every request of the tunnel gets a 502 (tls.md §5), else null. */
    String refusal() {
        return verifyFailure == null ? null : "Certificate verify failed: " + verifyFailure;
    }

    /** The SNI for a request: the tunnel's own for its destination; null (the host's) once an addon redirected it. */
    String serverNameFor(Request request) {
        return isDestination(request) ? serverName : null;
    }

    /** The connection made before the tunnel opened, handed over once (null when there is none). */
    ServerConnection takeEstablished() {
        ServerConnection ready = established;
        established = null;
        return ready;
    }

    /** The tunnel ends before its handler took the connection made for it. */
    void discard() {
        if (established != null) established.abort();
        established = null;
    }

    private boolean isDestination(Request request) {
        return host.equals(request.host()) && port == request.port();
    }
}
