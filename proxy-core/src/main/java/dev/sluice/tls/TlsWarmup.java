package dev.sluice.tls;

import java.util.List;

/**
 * Start-up work that the first TLS set-up would otherwise do in sequence: loading the TLS engine
 * (netty-tcnative), the JDK's trust store and BouncyCastle. Started on a background thread while
 * the command line and options are processed, it overlaps with them on another core; whatever it
 * has not finished is simply done again, cached, by the real set-up.
 */
public final class TlsWarmup {
    private TlsWarmup() {
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Starts the warm-up once per process; later calls do nothing. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(TlsWarmup::warm, "sluice-tls-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            Thread bouncyCastle = new Thread(() -> BouncyCastle.PROVIDER.getName(), "sluice-bc-warmup");
            bouncyCastle.setDaemon(true);
            bouncyCastle.start();
            SslContexts.fromSystemProperty().upstream(UpstreamTrust.jdkDefault(), List.of());
        } catch (Exception | LinkageError ignored) {
            // the real set-up reports any problem with its own message
        }
    }
}
