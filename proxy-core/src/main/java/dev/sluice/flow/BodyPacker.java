package dev.sluice.flow;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Copies the small in-memory bodies of kept flows side by side into shared arrays large enough
 * that G1 allocates each one straight into the old generation as a humongous object, which no
 * collection copies. The console keeps its newest 100,000 flows, so every new flow outlives the
 * young collections of its first seconds; unpacked, each body was copied twice by the collector
 * (into a survivor space, then into the old generation), and bodies are about half of a small
 * flow's bytes. Packed, a body is copied once, by us, at the moment the proxy is done with it.
 *
 * <p>A shared array is freed when no body refers to it any more: flows leave the store oldest
 * first, so whole arrays go together; a flow kept far longer than its neighbours (marked) keeps
 * its array, at most {@link #MAX_ARRAY} bytes, alive. Bodies larger than {@link #LARGEST} are
 * left as they are.
 */
public final class BodyPacker {

    static final int LARGEST = 16 << 10;
    static final int MAX_ARRAY = 4 << 20;
    /** A byte array's header on a 64-bit JVM with compressed class pointers. */
    private static final int ARRAY_HEADER = 16;

    private final int arraySize;
    private byte[] array;
    private int used;

    public BodyPacker() {
        this(arraySize(g1RegionSize()));
    }

    BodyPacker(int arraySize) {
        this.arraySize = arraySize;
    }

    /** The same bytes in a shared array, or the body itself when it is not a small in-memory one. */
    public synchronized Body pack(Body body) {
        if (!(body instanceof Body.MemoryBody m) || !m.ownsArray() || m.size() == 0 || m.size() > LARGEST) return body;
        int n = (int) m.size();
        if (array == null || used + n > array.length) {
            array = new byte[arraySize];
            used = 0;
        }
        m.copyTo(array, used);
        Body packed = new Body.MemoryBody(array, used, n);
        used += n;
        return packed;
    }

    /** Whether a body sits in a shared array, next to others. */
    public static boolean isPacked(Body body) {
        return body instanceof Body.MemoryBody m && !m.ownsArray();
    }

    /** One G1 region exactly (an array of half a region or more is humongous), within bounds. */
    static int arraySize(long regionSize) {
        if (regionSize <= 0) return 1 << 20; // not G1: any large array will do
        return (int) Math.max(LARGEST, Math.min(MAX_ARRAY, regionSize) - ARRAY_HEADER);
    }

    private static long g1RegionSize() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null ? 0 : Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        } catch (RuntimeException notHotSpot) {
            return 0;
        }
    }
}
