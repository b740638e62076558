package dev.sluice.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in tests) reports a buffer that was
 * never released. Registered for every test class through JUnit's extension auto-detection.
 * Every detector Netty creates gets a listener that records its reports; after each class the
 * garbage collector runs and fresh allocations make the detectors report what they found.
 */
public final class LeakCheck implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                ResourceLeakDetector<T> d = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
                d.setLeakListener((type, records) -> LEAKS.add("LEAK: " + type + records));
                return d;
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (var alloc : new io.netty.buffer.ByteBufAllocator[]{PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
                ByteBuf probe = alloc.buffer(16);
                probe.release();
                probe = alloc.directBuffer(16);
                probe.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("Netty reported leaked buffers in " + context.getDisplayName() + ":\n" + report);
        }
    }
}
