package dev.sluice.tui;

import dev.sluice.Sluice;
import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.log.Level;
import dev.sluice.log.LogEntry;
import dev.sluice.option.Options;
import dev.sluice.tui.edit.ExternalEditor;
import dev.sluice.tui.edit.FlowEditor;
import dev.sluice.tui.grid.GridCommands;
import dev.sluice.tui.keys.KeyMap;
import dev.sluice.tui.view.FilterCompiler;
import dev.sluice.tui.view.FlowEvents;
import dev.sluice.tui.view.FlowView;
import dev.sluice.tui.view.ViewOrder;
import dev.sluice.tui.windows.Chooser;
import dev.sluice.tui.windows.EventLogWindow;
import dev.sluice.tui.windows.FlowListWindow;
import dev.sluice.tui.windows.TextWindow;
import dev.sluice.tui.screen.Window;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The console's state and behaviour without a terminal: panes of windows, overlays (chooser,
 * yes/no question), the message line, the flow view and key dispatch. It lives on the console
 * thread; other threads only queue flow events, log entries and option changes, which
 * {@link #drain()} applies. {@link ConsoleLoop} adds the terminal.
 */
public final class Console {

    /**
     * The prompt line the loop should open: pre-filled text and cursor position; with
     * {@code keepOnError} a line that fails opens the prompt again with the typed text, for
     * correction (the options screen's edits).
     */
    public record PromptRequest(String text, int cursor, boolean keepOnError) {
        public PromptRequest(String text, int cursor) {
            this(text, cursor, false);
        }
    }

    private record Question(String text, Runnable yes) {
    }

    public static final List<String> LAYOUTS = List.of("single", "vertical", "horizontal");

    private final Sluice sluice;
    private final FilterCompiler filters;
    private final FlowView view;
    private final KeyMap keys;
    private final LongSupplier clock;
    private final FlowEvents events = new FlowEvents();
    private final ConcurrentLinkedQueue<LogEntry> logQueue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Set<String>> optionChanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final EventStore eventStore = new EventStore(10_000);
    private final Messages messages = new Messages();
    private final List<Deque<Window>> panes = List.of(new ArrayDeque<>(), new ArrayDeque<>());
    private final Map<Flow, Map<String, String>> flowSettings = new WeakHashMap<>();
    private int focusedPane;
    private Chooser chooser;
    private Question question;
    private PromptRequest prompt;
    /** The request the open prompt was opened with. */
    private PromptRequest openPrompt;
    private ConsoleCommands consoleCommands;
    /** Work that needs the terminal to itself (an external editor), run by the loop with the screen suspended. */
    private final Deque<Runnable> outside = new ArrayDeque<>();
    private ExternalEditor editor = new ExternalEditor(System.getenv());
    /** Set from signal handlers too. */
    private volatile boolean exitRequested;

    public Console(Sluice sluice, FilterCompiler filters, KeyMap keys, LongSupplier clock) {
        this.sluice = sluice;
        this.filters = filters;
        this.view = new FlowView(filters);
        this.keys = keys;
        this.clock = clock;
    }

    /** Connects to the proxy: flow events, log, options, commands; opens the flow list and event log. */
    public void start() {
        sluice.flows().addListener(events);
        sluice.log().addListener(logQueue::add);
        sluice.options().addChangeListener(optionChanges::add);
        sluice.commands().setView(view);
        consoleCommands = ConsoleCommands.register(this);
        FlowEditor.register(this);
        GridCommands.register(this);
        List<FlowEvents.Change> existing = new ArrayList<>();
        for (Flow f : sluice.flows().snapshot()) existing.add(new FlowEvents.Change(FlowEvents.Kind.ADDED, f));
        view.apply(existing);
        panes.get(0).push(new FlowListWindow(this));
        panes.get(1).push(new EventLogWindow(this));
        applyOptions(Set.copyOf(sluice.options().specs().stream().map(s -> s.name()).toList()));
    }

    public Sluice sluice() {
        return sluice;
    }

    public Options options() {
        return sluice.options();
    }

    public FlowView view() {
        return view;
    }

    public KeyMap keys() {
        return keys;
    }

    public FilterCompiler filters() {
        return filters;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    public long now() {
        return clock.getAsLong();
    }

    // ---- the console thread's intake ----

    /** Applies everything other threads queued; returns whether anything changed. */
    public boolean drain() {
        return drain(true);
    }

    /**
     * Applies option changes and log entries, and flow events when {@code flows} (the loop takes
     * those only when a frame is due, so they arrive in large cheap batches).
     */
    public boolean drain(boolean flows) {
        boolean changed = false;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
            changed = true;
        }
        Set<String> names;
        while ((names = optionChanges.poll()) != null) {
            applyOptions(names);
            changed = true;
        }
        LogEntry e;
        while ((e = logQueue.poll()) != null) {
            eventStore.add(e);
            Level verbosity = Level.valueOf(options().str("console_eventlog_verbosity").toUpperCase(Locale.ROOT));
            boolean flashes = e.level() == Level.ERROR || e.level() == Level.WARN || e.level() == Level.ALERT;
            if (flashes && e.level().shownAt(verbosity)) messages.flash(e.level(), e.message(), now());
            changed = true;
        }
        if (flows && !events.isEmpty()) {
            view.apply(events.drain());
            changed = true;
        }
        events.setUpdatesNeeded(view.updatesMatter());
        return changed;
    }

    /** Runs work on the console thread at its next turn (from signal handlers and other threads). */
    public void post(Runnable task) {
        tasks.add(task);
    }

    private void applyOptions(Set<String> changed) {
        // updates must be queued before the view starts filtering or sorting, so none is missed
        events.setUpdatesNeeded(true);
        Options o = options();
        if (changed.contains("view_filter")) {
            try {
                view.setFilter(o.str("view_filter"));
            } catch (IllegalArgumentException ex) {
                sluice.log().error(ex.getMessage());
            }
        }
        if (changed.contains("view_order")) view.setOrder(ViewOrder.of(o.str("view_order")));
        if (changed.contains("view_order_reversed")) view.setReversed(o.bool("view_order_reversed"));
        if (changed.contains("console_focus_follow")) view.setFocusFollow(o.bool("console_focus_follow"));
        if (changed.contains("console_layout") && o.str("console_layout").equals("single")) focusedPane = 0;
    }

    // ---- keys and commands ----

    /** One key, by its name: overlays first, then the focused window's context, then global. */
    public void key(String name) {
        if (name == null) return;
        if (question != null) {
            answer(name);
            return;
        }
        if (chooser != null) {
            if (chooser.key(name)) chooser = null;
            return;
        }
        if (name.equals("ctrl c")) {
            askQuit();
            return;
        }
        if (focusedWindow().keyFirst(name)) return;
        KeyMap.Binding b = keys.lookup(focusedWindow().context(), name);
        if (b != null) run(b.command());
    }

    /** Runs a command line; errors go to the event log (and so to the message line). Returns whether it worked. */
    public boolean run(String line) {
        try {
            Object result = sluice.commands().execute(line);
            if (result != null) showResult(line, result);
            return true;
        } catch (CommandException e) {
            sluice.log().error(e.getMessage());
        } catch (RuntimeException e) {
            sluice.log().error("Command failed: " + line + ": " + e);
        }
        return false;
    }

    /** Runs a command by name with arguments (choosers and confirmations), errors as {@link #run}. */
    public void call(String name, List<String> args) {
        try {
            Object result = sluice.commands().call(name, args);
            if (result != null) showResult(name, result);
        } catch (CommandException e) {
            sluice.log().error(e.getMessage());
        }
    }

    private void showResult(String title, Object result) {
        List<String> lines = new ArrayList<>();
        if (result instanceof List<?> l) for (Object o : l) lines.add(String.valueOf(o));
        else lines.addAll(String.valueOf(result).lines().toList());
        push(new TextWindow("Command result: " + title, "dataviewer", lines));
    }

    // ---- windows and panes ----

    public Window focusedWindow() {
        return panes.get(focusedPane).peek();
    }

    public Deque<Window> pane(int i) {
        return panes.get(i);
    }

    public int focusedPane() {
        return focusedPane;
    }

    public void push(Window w) {
        panes.get(focusedPane).push(w);
    }

    /** Closes the focused window; at the bottom of the stack asks whether to quit. */
    public void pop() {
        Deque<Window> stack = panes.get(focusedPane);
        if (stack.size() > 1) {
            if (stack.peek().close()) stack.pop();
        } else {
            askQuit();
        }
    }

    public void cycleLayout() {
        String next = LAYOUTS.get((LAYOUTS.indexOf(options().str("console_layout")) + 1) % LAYOUTS.size());
        run("set console_layout=" + next);
    }

    /** Focuses a pane by index (a mouse click in it). */
    public void focusPaneAt(int index) {
        if (index == 0 || !options().str("console_layout").equals("single")) focusedPane = index;
    }

    public void focusPane(int delta) {
        if (options().str("console_layout").equals("single")) return;
        focusedPane = Math.floorMod(focusedPane + delta, panes.size());
    }

    // ---- overlays and the prompt ----

    public void askQuit() {
        ask("Quit", () -> exitRequested = true);
    }

    /** A yes/no question on the message line: {@code y} runs {@code yes}; {@code n}, enter and esc cancel. */
    public void ask(String text, Runnable yes) {
        question = new Question(text, yes);
    }

    private void answer(String key) {
        Question q = question;
        if (key.equals("y")) {
            question = null;
            q.yes().run();
        } else if (key.equals("n") || key.equals("enter") || key.equals("esc") || key.equals("q")) {
            question = null;
        }
    }

    /** The question on the message line, e.g. {@code Quit (yes, no)?}, or null. */
    public String question() {
        return question == null ? null : question.text() + " (yes, no)?";
    }

    public void choose(String title, List<String> choices, Consumer<String> picked) {
        chooser = new Chooser(title, choices, picked);
    }

    public Chooser chooser() {
        return chooser;
    }

    /** Asks the loop to open the prompt pre-filled (the cursor at the end when negative). */
    public void openPrompt(String text, int cursor) {
        prompt = new PromptRequest(text, cursor < 0 ? text.length() : cursor);
    }

    /** Opens the prompt to edit an option's value; a value that is refused comes back for correction. */
    public void editOption(String name) {
        try {
            prompt = consoleCommands.setLine(name, true);
        } catch (CommandException e) {
            sluice.log().error(e.getMessage());
        }
    }

    /** The pending prompt request, taken once. */
    public PromptRequest takePrompt() {
        PromptRequest p = prompt;
        prompt = null;
        if (p != null) openPrompt = p;
        return p;
    }

    /** A line typed at the prompt (null when cancelled). */
    public void promptDone(String line) {
        PromptRequest opened = openPrompt;
        openPrompt = null;
        if (line == null || line.isBlank()) return;
        if (!run(line) && opened != null && opened.keepOnError()) prompt = new PromptRequest(line, line.length(), true);
    }

    /** Runs work with the terminal to itself: the loop suspends the screen, runs it, and redraws everything. */
    public void outside(Runnable work) {
        outside.add(work);
    }

    /** The next piece of work that needs the terminal, taken once, or null. */
    public Runnable takeOutside() {
        return outside.poll();
    }

    public ExternalEditor editor() {
        return editor;
    }

    /** Another editor (tests use a script instead of the user's $EDITOR). */
    public void setEditor(ExternalEditor editor) {
        this.editor = editor;
    }

    /** A plain message on the message line (five seconds), not logged. */
    public void message(String text) {
        messages.flash(Level.INFO, text, now());
    }

    public String flash() {
        Messages.Flash f = messages.current(now());
        return f == null ? null : f.text();
    }

    public Level flashLevel() {
        Messages.Flash f = messages.current(now());
        return f == null ? null : f.level();
    }

    public void exit() {
        exitRequested = true;
    }

    public boolean exitRequested() {
        return exitRequested;
    }

    // ---- per-flow view settings (fullcontents, content view mode) ----

    public String flowSetting(Flow f, String key, String dflt) {
        Map<String, String> m = flowSettings.get(f);
        return m == null ? dflt : m.getOrDefault(key, dflt);
    }

    public void setFlowSetting(Flow f, String key, String value) {
        flowSettings.computeIfAbsent(f, k -> new HashMap<>()).put(key, value);
    }
}
