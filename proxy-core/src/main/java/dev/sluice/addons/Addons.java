package dev.sluice.addons;

import dev.sluice.addon.Addon;
import java.util.List;

/**
 * The built-in chain, in hook order (options-and-patterns.md §13). Reading this list tells the
 * order in which addons see a flow; front-ends append their own (the dump printer, the console).
 */
public final class Addons {
    private Addons() {
    }

    public static List<Addon> defaults() {
        return List.of(
                new CoreOptions(),
                new AccessControl(),
                new ProxyAuth(),
                // sticky addons act after mapping and modification (final host and path)
                new StickyAuth(),
                new StickyCookie());
    }
}
