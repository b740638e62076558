package io.netty.handler.ssl;

import java.security.PrivateKey;

import javax.net.ssl.SSLException;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.internal.tcnative.SSL;

/**
 * Sluice's one class inside Netty's package: it turns a private key into Netty's OpenSSL form
 * ({@code OpenSslPrivateKey}, package-private in Netty) once, so every leaf certificate, all of which
 * share the CA's key (tls.md §3), hands BoringSSL the same parsed key.
 *
 * <p>Why: given a plain Java key, Netty encodes it to PEM and BoringSSL parses it again for every new
 * server context; BoringSSL then prepares each freshly parsed RSA key on its first signature
 * (Montgomery constants and blinding: modular inverses and divisions), about 0.3 ms on the event
 * loop for every new host. Netty itself uses this form for keys loaded from an OpenSSL engine.
 * Callers fall back to the Java key when this class cannot be used (see {@code dev.sluice.tls.LeafKey}).
 */
public final class SluiceOpenSslKeys {
    private SluiceOpenSslKeys() {
    }

    /**
     * The key parsed by BoringSSL, as a reference-counted {@link PrivateKey} that Netty's OpenSSL
     * contexts use as is. The caller owns one reference: release it with
     * {@link io.netty.util.ReferenceCountUtil#release(Object)}; handshakes in progress hold their own.
     */
    public static PrivateKey parse(PrivateKey key) throws SSLException {
        OpenSsl.ensureAvailability();
        long bio = 0;
        long parsed = 0;
        try {
            bio = ReferenceCountedOpenSslContext.toBIO(UnpooledByteBufAllocator.DEFAULT, key);
            parsed = SSL.parsePrivateKey(bio, null);
            OpenSslPrivateKey nativeKey = new OpenSslPrivateKey(parsed);
            parsed = 0; // owned by nativeKey now
            return nativeKey;
        } catch (SSLException e) {
            throw e;
        } catch (Exception e) {
            throw new SSLException("OpenSSL cannot parse the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        } finally {
            SSL.freeBIO(bio);
            if (parsed != 0) SSL.freePrivateKey(parsed);
        }
    }
}
