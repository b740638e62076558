package dev.sluice.tls;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Native signatures for leaf certificates, from the Amazon Corretto Crypto Provider (AWS-LC, the
 * BoringSSL family). A leaf's SHA-256 RSA-2048 signature is most of a new host's certificate
 * work, and it costs 0.36 ms there against 1.05 ms in the JDK's SunRsaSign; netty-tcnative, the
 * other native crypto at hand, has no call to sign arbitrary data.
 *
 * <p>Loading takes about 0.3 s (the library is unpacked to the temp directory and self-tested), so
 * it starts on a background thread at the first leaf rather than at start-up, and leaves are
 * signed by the JDK until it is ready, and always where it does not load (another platform, a
 * temp directory mounted no-exec). The provider is only ever asked for by name here: it is not
 * installed for the rest of the JVM, whose TLS and verification stay with the JDK and OpenSSL.
 */
final class NativeSignatures {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CompletableFuture<Optional<Provider>> LOADED = new CompletableFuture<>();

    private NativeSignatures() {
    }

    /** The native provider if it has loaded, else null; the first call starts loading it. */
    static Provider ifReady() {
        return loaded().getNow(Optional.empty()).orElse(null);
    }

    /** Completes with the native provider, or empty where it cannot be used; starts loading it. */
    static CompletableFuture<Optional<Provider>> loaded() {
        if (STARTED.compareAndSet(false, true)) {
            Thread loader = new Thread(() -> LOADED.complete(load()), "sluice-native-signatures");
            loader.setDaemon(true);
            loader.start();
        }
        return LOADED;
    }

    private static Optional<Provider> load() {
        // The build ships the linux-x86_64 library only: elsewhere, do not even try (and log) a load.
        if (!System.getProperty("os.name", "").startsWith("Linux") || !System.getProperty("os.arch", "").equals("amd64")) {
            return Optional.empty();
        }
        try {
            AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
            if (provider.getLoadingError() != null) return Optional.empty();
            // The first instance of an algorithm runs its self-test: pay that here, not in a leaf.
            Signature.getInstance("SHA256withRSA", provider);
            return Optional.of(provider);
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
