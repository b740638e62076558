package dev.sluice.flow;

import java.net.InetSocketAddress;
import java.util.List;

/** The server side of a flow: the address asked for, the peer reached, TLS facts, timestamps. */
public final class ServerConn {
    private final String id;
    private volatile String host;
    private volatile int port;
    private volatile InetSocketAddress peer;
    private volatile double timestampStart;
    private volatile double timestampTcpSetup;
    private volatile double timestampTlsSetup;
    private volatile double timestampEnd;
    private volatile String sni;
    private volatile String alpn;
    private volatile String tlsVersion;
    private volatile String cipher;
    private volatile List<CertInfo> certificateChain = List.of();

    public ServerConn(String host, int port) {
        this(Ids.next(), host, port);
    }

    /** A server connection with a known id (loaded from a flow file). */
    public ServerConn(String id, String host, int port) {
        this.id = id;
        this.host = host;
        this.port = port;
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public void setAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The resolved address the connection went to, or null before connecting. */
    public InetSocketAddress peer() {
        return peer;
    }

    public void setPeer(InetSocketAddress peer) {
        this.peer = peer;
    }

    public double timestampStart() {
        return timestampStart;
    }

    public void setTimestampStart(double t) {
        timestampStart = t;
    }

    public double timestampTcpSetup() {
        return timestampTcpSetup;
    }

    public void setTimestampTcpSetup(double t) {
        timestampTcpSetup = t;
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

    public List<CertInfo> certificateChain() {
        return certificateChain;
    }

    public void setCertificateChain(List<CertInfo> chain) {
        certificateChain = List.copyOf(chain);
    }

    public boolean isTls() {
        return tlsVersion != null;
    }
}
