package dev.sluice.tls;

import java.lang.ref.Cleaner;
import java.security.PrivateKey;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SluiceOpenSslKeys;
import io.netty.util.ReferenceCountUtil;

/**
 * The private key presented with leaf certificates: the CA's for every generated leaf (tls.md §3),
 * or a {@code certs} entry's own. Shared by all leaves that use it, it keeps the key's OpenSSL form,
 * made once on first use, so BoringSSL prepares the RSA key once rather than once per host.
 *
 * <p>When OpenSSL cannot take the key that way, contexts get the Java key, as before: the only
 * difference is speed.
 */
final class LeafKey {
    private static final Cleaner NATIVE_KEYS = Cleaner.create();

    private final PrivateKey key;
    /** Guarded by this; the Java key itself when OpenSSL could not parse it. */
    private PrivateKey forOpenSsl;

    LeafKey(PrivateKey key) {
        this.key = key;
    }

    PrivateKey key() {
        return key;
    }

    /**
     * The key for Netty's OpenSSL contexts: parsed by BoringSSL once and shared. Its native memory is
     * released when this object is no longer reachable and no handshake uses it any more.
     */
    synchronized PrivateKey forOpenSsl() {
        if (forOpenSsl == null) forOpenSsl = parsedOrJavaKey();
        return forOpenSsl;
    }

    private PrivateKey parsedOrJavaKey() {
        if (!OpenSsl.isAvailable()) return key;
        try {
            PrivateKey parsed = SluiceOpenSslKeys.parse(key);
            NATIVE_KEYS.register(this, () -> ReferenceCountUtil.release(parsed));
            return parsed;
        } catch (Exception | LinkageError e) {
            // a key BoringSSL does not read, or a Netty whose internals moved: Netty parses per context
            return key;
        }
    }
}
