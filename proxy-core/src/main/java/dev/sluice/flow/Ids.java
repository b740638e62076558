package dev.sluice.flow;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUID strings for flows and connections. Not for secrets: ThreadLocalRandom
 * avoids the lock inside {@link UUID#randomUUID()}'s SecureRandom, which every new flow on every
 * event loop would otherwise contend for.
 */
public final class Ids {
    private Ids() {
    }

    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
