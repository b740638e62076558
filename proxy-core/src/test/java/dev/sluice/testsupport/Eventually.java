package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;

/** Waits for something another thread or process does. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls until the condition holds; fails after 5 seconds. */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) Thread.sleep(10);
        assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
    }
}
