package dev.sluice.addon;

import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.log.EventLog;
import dev.sluice.log.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ordered addons and the one place hooks are run. A hook runs addon by addon; when an addon
 * pauses the flow, the rest of the chain is parked on the flow and continues on
 * {@link Flow#resume()}; when an addon kills the flow, the chain stops. An exception in an addon
 * is logged and the chain goes on. The lists are immutable; changes swap them whole, and a flow in
 * progress finishes its hook with the list it started with.
 *
 * <p>The built-ins form one ordered list; the user addons (from {@code scripts}) join each hook at
 * the place a {@link UserSlot} gives, so every hook has its own order.
 */
public final class AddonChain {

    private final EventLog log;
    private volatile List<Addon> addons = List.of();
    private volatile List<Addon> user = List.of();
    private volatile UserSlot slot = UserSlot.AT_END;
    /** Built-ins and user addons in each hook's order. */
    private volatile Map<Hook, List<Addon>> perHook = new EnumMap<>(Hook.class);
    /** The built-ins, then the user addons: for lifecycle calls, the connection hooks and find. */
    private volatile List<Addon> all = List.of();

    public AddonChain(EventLog log) {
        this.log = log;
        reorder();
    }

    /** Every addon: the built-ins in order, then the user addons. */
    public List<Addon> addons() {
        return all;
    }

    /** The addons a hook visits, in order. */
    public List<Addon> order(Hook hook) {
        return perHook.get(hook);
    }

    /** Replaces the user addons, which run at the slot's place in each hook. */
    public synchronized void setUserAddons(UserSlot slot, List<? extends Addon> user) {
        this.slot = slot;
        this.user = List.copyOf(user);
        reorder();
    }

    public List<Addon> userAddons() {
        return user;
    }

    private void reorder() {
        Map<Hook, List<Addon>> next = new EnumMap<>(Hook.class);
        for (Hook hook : Hook.values()) next.put(hook, slot.order(hook, addons, user));
        List<Addon> everything = new ArrayList<>(addons);
        everything.addAll(user);
        perHook = next;
        all = List.copyOf(everything);
    }

    public synchronized void add(Addon addon) {
        List<Addon> next = new ArrayList<>(addons);
        next.add(addon);
        addons = List.copyOf(next);
        reorder();
    }

    public synchronized void addAll(List<? extends Addon> more) {
        List<Addon> next = new ArrayList<>(addons);
        next.addAll(more);
        addons = List.copyOf(next);
        reorder();
    }

    /** Inserts built-in addons right after the given one. */
    public synchronized void insertAfter(Class<? extends Addon> anchor, List<? extends Addon> more) {
        List<Addon> next = new ArrayList<>(addons);
        int at = next.size();
        for (int i = 0; i < next.size(); i++) if (anchor.isInstance(next.get(i))) at = i + 1;
        next.addAll(at, more);
        addons = List.copyOf(next);
        reorder();
    }

    public synchronized void remove(Addon addon) {
        List<Addon> next = new ArrayList<>(addons);
        next.remove(addon);
        addons = List.copyOf(next);
        reorder();
    }

    @SuppressWarnings("unchecked")
    public <T extends Addon> T find(Class<T> type) {
        for (Addon a : all) if (type.isInstance(a)) return (T) a;
        return null;
    }

    /**
     * Runs a hook over the chain, then {@code done}; {@code done} also runs when an addon kills
     * the flow (the caller checks {@link Flow#isKilled()}); the error hook always runs whole. When the flow is paused, {@code done}
     * runs later, on the flow's executor, after {@link Flow#resume()} or {@link Flow#kill()}.
     */
    public void run(Hook hook, Flow flow, Runnable done) {
        runFrom(perHook.get(hook), 0, hook, flow, done);
    }

    private void runFrom(List<Addon> list, int start, Hook hook, Flow flow, Runnable done) {
        for (int i = start; i < list.size(); i++) {
            if (flow.isKilled() && hook != Hook.ERROR && hook != Hook.TCP_ERROR) break;
            Addon addon = list.get(i);
            try {
                hook.invoke(addon, flow);
            } catch (RuntimeException | LinkageError e) {
                reportFailure(addon, hook.methodName(), e);
            }
            int next = i + 1;
            if (flow.park(() -> runFrom(list, next, hook, flow, done))) return;
        }
        done.run();
    }

    /**
     * Runs a finished flow through the hooks as if it had just happened, not live: requestHeaders
     * and request, then responseHeaders and response, or error; a tcp flow passes tcpStart, then
     * tcpEnd or tcpError; then {@code done}.
     */
    public void replay(Flow flow, Runnable done) {
        if (flow.type() == Flow.Type.TCP) {
            run(Hook.TCP_START, flow, () -> run(flow.error() != null ? Hook.TCP_ERROR : Hook.TCP_END, flow, done));
            return;
        }
        run(Hook.REQUEST_HEADERS, flow, () -> run(Hook.REQUEST, flow, () -> {
            if (flow.response() != null) {
                run(Hook.RESPONSE_HEADERS, flow, () -> run(Hook.RESPONSE, flow, done));
            } else if (flow.error() != null) {
                run(Hook.ERROR, flow, done);
            } else {
                done.run();
            }
        }));
    }

    public void clientConnected(ClientConn client) {
        for (Addon addon : all) {
            if (client.isRefused()) return;
            try {
                addon.clientConnected(client);
            } catch (RuntimeException | LinkageError e) {
                reportFailure(addon, "clientConnected", e);
            }
        }
    }

    public void clientDisconnected(ClientConn client) {
        lifecycle("clientDisconnected", a -> a.clientDisconnected(client));
    }

    /** Runs a lifecycle call (running, done) on every addon, isolating failures. */
    public void lifecycle(String name, Consumer<Addon> call) {
        for (Addon addon : all) {
            try {
                call.accept(addon);
            } catch (RuntimeException | LinkageError e) {
                reportFailure(addon, name, e);
            }
        }
    }

    private void reportFailure(Addon addon, String hook, Throwable e) {
        log.log(Level.WARN, "Addon error: " + addon.name() + "." + hook + ": " + e);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        log.log(Level.DEBUG, trace.toString());
    }
}
