package dev.sluice.tls;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance for the key decryption schemes the JDK lacks. It is passed
 * explicitly and never registered globally, so Sluice does not change the JVM's providers.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
