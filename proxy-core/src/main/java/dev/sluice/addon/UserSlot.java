package dev.sluice.addon;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the user addons (from {@code scripts}) run in each hook (options-and-patterns.md §13): right
 * after a named built-in, or first. The place differs per hook, so one position in the built-in
 * list cannot express it. A hook without a place, or whose anchor is not in the chain, runs the user
 * addons last.
 */
public final class UserSlot {

    /** No places: user addons run after the built-ins in every hook. */
    public static final UserSlot AT_END = new Builder().build();

    /** Per hook: the built-in after which the user addons run; a null value means first. */
    private final Map<Hook, Class<? extends Addon>> after;

    private UserSlot(Map<Hook, Class<? extends Addon>> after) {
        this.after = after;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The order in which a hook visits the addons: the built-ins with the user addons in their place. */
    List<Addon> order(Hook hook, List<Addon> builtIns, List<Addon> user) {
        int at = builtIns.size();
        if (after.containsKey(hook)) {
            Class<? extends Addon> anchor = after.get(hook);
            if (anchor == null) at = 0;
            for (int i = 0; anchor != null && i < builtIns.size(); i++) if (anchor.isInstance(builtIns.get(i))) at = i + 1;
        }
        List<Addon> order = new ArrayList<>(builtIns);
        order.addAll(at, user);
        return List.copyOf(order);
    }

    public static final class Builder {
        private final Map<Hook, Class<? extends Addon>> after = new EnumMap<>(Hook.class);

        public Builder after(Hook hook, Class<? extends Addon> anchor) {
            after.put(hook, anchor);
            return this;
        }

        public Builder first(Hook hook) {
            after.put(hook, null);
            return this;
        }

        public UserSlot build() {
            return new UserSlot(new EnumMap<>(after));
        }
    }
}
