package dev.sluice.tui.bench;

import dev.sluice.flow.Flow;
import dev.sluice.tui.ConsoleFixture;
import java.util.Arrays;
import java.util.Locale;

/**
 * Key-to-redrawn-screen time with 100,000 flows in the list (issue 8, benchmark): each sample is
 * one navigation key through the key map and commands, then a full render and a Lanterna refresh
 * of the screen. Run by {@code scripts/bench-console}; not a unit test.
 */
public final class NavigationBench {

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int columns = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        try (ConsoleFixture f = new ConsoleFixture(columns, rows)) {
            long start = System.nanoTime();
            for (int i = 0; i < flows; i++) {
                Flow flow = ConsoleFixture.flow(i % 7 == 0 ? "POST" : "GET", "http://host" + (i % 97) + ".test/path/" + i,
                        200 + (i % 3) * 100, "application/json", "{\"n\":" + i + "}");
                f.sluice.flows().add(flow);
            }
            f.redraw();
            System.out.printf(Locale.ROOT, "%d flows loaded and drawn in %d ms (%dx%d)%n", f.console.view().size(),
                    (System.nanoTime() - start) / 1_000_000, columns, rows);
            measure(f, "j/k (down/up)", new String[]{"j", "k"}, 2000);
            measure(f, "page down/up", new String[]{"page down", "page up"}, 1000);
            measure(f, "G/g (end/start)", new String[]{"G", "g"}, 1000);
            f.run("set view_order=url");
            measure(f, "j/k, order url", new String[]{"j", "k"}, 2000);
            f.run("set view_filter=~d host1 & ~m GET");
            System.out.printf(Locale.ROOT, "  (filter ~d host1 & ~m GET shows %d flows)%n", f.console.view().size());
            measure(f, "j/k, filtered", new String[]{"j", "k"}, 2000);
        }
    }

    private static void measure(ConsoleFixture f, String label, String[] keys, int presses) throws Exception {
        for (int i = 0; i < 500; i++) f.keys(keys[i % keys.length]); // warm-up
        long[] samples = new long[presses];
        for (int i = 0; i < presses; i++) {
            long t0 = System.nanoTime();
            f.keys(keys[i % keys.length]);
            samples[i] = System.nanoTime() - t0;
        }
        Arrays.sort(samples);
        System.out.printf(Locale.ROOT, "%-18s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   (%d keys)%n", label,
                samples[presses / 2] / 1e6, samples[presses * 99 / 100] / 1e6, samples[presses - 1] / 1e6, presses);
    }
}
