package dev.sluice.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one leaf. It hands out the key and chain directly: building contexts from a
 * {@code KeyStore}, as Netty does for a key and chain, would encrypt and decrypt the key with
 * password-based encryption for every new host (about 20 ms).
 */
final class LeafKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "leaf";

    private final LeafCert leaf;
    private final X509Certificate[] chain;
    private final PrivateKey presentedKey;

    /**
     * @param extraChain certificates sent after the leaf's own chain (the server's, with {@code add_upstream_certs_to_client_chain})
     * @param presentedKey the leaf's key in the form the TLS engine takes (OpenSSL: parsed once, shared by leaves)
     */
    LeafKeyManager(LeafCert leaf, List<X509Certificate> extraChain, PrivateKey presentedKey) {
        this.leaf = leaf;
        this.presentedKey = presentedKey;
        List<X509Certificate> sent = new ArrayList<>(leaf.chain());
        sent.addAll(extraChain);
        this.chain = sent.toArray(X509Certificate[]::new);
    }

    /** The alias when the key suits the key type the TLS stack asks for ({@code RSA}, {@code EC}, {@code EC_EC}). */
    private String aliasFor(String keyType) {
        String algorithm = leaf.privateKey().getAlgorithm();
        boolean suits = keyType != null && (keyType.equals(algorithm) || keyType.equals(algorithm + "_" + algorithm));
        return suits ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[]{alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? presentedKey : null;
    }

    /** A server key manager never acts as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
