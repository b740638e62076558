package dev.sluice.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies server chains with the JDK's PKIX trust manager and checks the host name the way
 * tls.md §5 says (SANs only, whole-label wildcards only), failing with the canonical reasons.
 *
 * <p>The name checked is the SNI the engine sends, else its peer host: create the upstream handler
 * with {@code sslContext.newHandler(alloc, sniOrIpLiteral, port)}.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    /** How many validated chains are remembered; the least recently met is forgotten first. */
    static final int REMEMBERED_CHAINS = 1000;

    private final X509TrustManager chainValidator;
    /**
     * Chains that passed validation, by a digest of their bytes, with the time their first
     * certificate expires: a server met again is not validated again (PKIX costs more than the
     * rest of a handshake), its host name always is. Guarded by itself.
     */
    private final Map<String, Long> validatedUntil = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_CHAINS;
        }
    };

    VerifyingTrustManager(X509TrustManager chainValidator) {
        this.chainValidator = chainValidator;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, authType, engine == null ? null : nameChecked(engine.getSSLParameters(), engine.getPeerHost()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        String name = null;
        if (socket instanceof SSLSocket ssl) {
            name = nameChecked(ssl.getSSLParameters(), ssl.getHandshakeSession() == null ? null : ssl.getHandshakeSession().getPeerHost());
        }
        verify(chain, authType, name);
    }

    /** Chain only: used where no host name is known. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, null);
    }

    private void verify(X509Certificate[] chain, String authType, String name) throws CertificateException {
        String key = chainKey(chain, authType);
        if (!validatedBefore(key)) {
            try {
                chainValidator.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new CertificateVerifyException(reasonFor(e, chain), e);
            }
            remember(key, chain);
        }
        if (name != null) checkHostName(chain[0], name);
    }

    private boolean validatedBefore(String key) {
        Long until;
        synchronized (validatedUntil) {
            until = validatedUntil.get(key);
        }
        return until != null && System.currentTimeMillis() < until;
    }

    private void remember(String key, X509Certificate[] chain) {
        long until = Long.MAX_VALUE;
        for (X509Certificate certificate : chain) until = Math.min(until, certificate.getNotAfter().getTime());
        synchronized (validatedUntil) {
            validatedUntil.put(key, until);
        }
    }

    private static String chainKey(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) sha256.update(certificate.getEncoded());
            return authType + ":" + Base64.getEncoder().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException("SHA-256 is not available", e);
        }
    }

    private static String nameChecked(SSLParameters parameters, String peerHost) {
        List<SNIServerName> serverNames = parameters == null ? null : parameters.getServerNames();
        if (serverNames != null) {
            for (SNIServerName serverName : serverNames) {
                if (serverName instanceof SNIHostName host) return host.getAsciiName();
            }
        }
        return peerHost;
    }

    /** The canonical texts of tls.md §5 where the JDK's failure maps onto one, else the JDK's message. */
    static String reasonFor(CertificateException e, X509Certificate[] chain) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) return "certificate has expired";
            if (t instanceof CertificateNotYetValidException) return "certificate is not yet valid";
            if (t instanceof CertPathValidatorException v) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) return "certificate has expired";
                if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) return "certificate is not yet valid";
            }
            if (t instanceof CertPathBuilderException) {
                return chain.length == 1 && isSelfIssued(chain[0]) ? "self-signed certificate"
                        : "unable to get local issuer certificate";
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    static void checkHostName(X509Certificate certificate, String name) throws CertificateVerifyException {
        List<String> sans = Certificates.alternativeNames(certificate);
        if (!matchesAny(name, sans)) {
            throw new CertificateVerifyException("hostname mismatch: " + name + " not in " + sans, null);
        }
    }

    /** Whether the name (a DNS name or IP literal, as sent) is among the SANs under tls.md §5's rules. */
    static boolean matchesAny(String name, List<String> sans) {
        String host = withoutTrailingDot(HostNames.certificateForm(name));
        if (host == null) return false;
        InetAddress ip = HostNames.ipLiteral(host);
        for (String san : sans) {
            if (ip != null ? ip.equals(HostNames.ipLiteral(san)) : matchesDnsName(host, san)) return true;
        }
        return false;
    }

    /** Exact match, or {@code *.rest} for a host that is one label followed by {@code .rest}; never {@code f*.rest}. */
    private static boolean matchesDnsName(String host, String san) {
        String pattern = withoutTrailingDot(san.toLowerCase(Locale.ROOT));
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return host.equals(pattern);
    }

    private static String withoutTrailingDot(String s) {
        return s != null && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        chainValidator.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        chainValidator.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chainValidator.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chainValidator.getAcceptedIssuers();
    }
}
