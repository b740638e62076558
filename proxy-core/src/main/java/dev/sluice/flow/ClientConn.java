package dev.sluice.flow;

import java.net.InetSocketAddress;
import java.util.List;

/** The client side of a flow: addresses, TLS facts, timestamps. Mutable while the connection lives. */
public final class ClientConn {
    private final String id;
    private final InetSocketAddress peer;
    private final InetSocketAddress sockname;
    private final double timestampStart;
    private volatile double timestampTlsSetup;
    private volatile double timestampEnd;
    private volatile String sni;
    /** The key-exchange groups of the client's ClientHello (IANA numbers), or null before or without one. */
    private volatile List<Integer> offeredGroups;
    private volatile String alpn;
    private volatile String tlsVersion;
    private volatile String cipher;
    private volatile String proxyMode = "regular";
    private volatile String refusedBy;

    public ClientConn(InetSocketAddress peer, InetSocketAddress sockname) {
        this(Ids.next(), peer, sockname, Flow.now());
    }

    public ClientConn(String id, InetSocketAddress peer, InetSocketAddress sockname, double timestampStart) {
        this.id = id;
        this.peer = peer;
        this.sockname = sockname;
        this.timestampStart = timestampStart;
    }

    public String id() {
        return id;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public InetSocketAddress sockname() {
        return sockname;
    }

    /** {@code ip:port}, IPv6 bracketed, IPv4-mapped IPv6 shown as IPv4. */
    public String peerText() {
        return Addresses.format(peer);
    }

    public double timestampStart() {
        return timestampStart;
    }

    public double timestampTlsSetup() {
        return timestampTlsSetup;
    }

    public void setTimestampTlsSetup(double t) {
        timestampTlsSetup = t;
    }

    public double timestampEnd() {
        return timestampEnd;
    }

    public void setTimestampEnd(double t) {
        timestampEnd = t;
    }

    public String sni() {
        return sni;
    }

    public void setSni(String sni) {
        this.sni = sni;
    }

    public List<Integer> offeredGroups() {
        return offeredGroups;
    }

    public void setOfferedGroups(List<Integer> groups) {
        this.offeredGroups = groups == null ? null : List.copyOf(groups);
    }

    public String alpn() {
        return alpn;
    }

    public void setAlpn(String alpn) {
        this.alpn = alpn;
    }

    public String tlsVersion() {
        return tlsVersion;
    }

    public void setTlsVersion(String v) {
        tlsVersion = v;
    }

    public String cipher() {
        return cipher;
    }

    public void setCipher(String c) {
        cipher = c;
    }

    public boolean isTls() {
        return tlsVersion != null;
    }

    /** Refuses the connection (access control): it is closed before any byte is read. */
    public void refuse(String reason) {
        refusedBy = reason;
    }

    public boolean isRefused() {
        return refusedBy != null;
    }

    public String refusedBy() {
        return refusedBy;
    }

    public String proxyMode() {
        return proxyMode;
    }

    public void setProxyMode(String mode) {
        proxyMode = mode;
    }
}
