package dev.sluice.tui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A tmux session for end-to-end tests: start a command at a size, send keys, read the pane. */
final class Tmux implements AutoCloseable {

    private final String session;

    private Tmux(String session) {
        this.session = session;
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Tmux start(String name, int columns, int rows, String shellCommand) throws Exception {
        Tmux t = new Tmux(name + "-" + ProcessHandle.current().pid());
        t.tmux("new-session", "-d", "-s", t.session, "-x", Integer.toString(columns), "-y", Integer.toString(rows), shellCommand);
        return t;
    }

    /** Sends keys as tmux names them ({@code Enter}, {@code Tab}, {@code Escape}, {@code C-c}) or literal text. */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types text literally (no key-name lookup). */
    void type(String text) throws Exception {
        tmux("send-keys", "-t", session, "-l", text);
    }

    String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** Waits until the pane satisfies the condition; fails with the pane's text after the timeout. */
    String await(String what, Predicate<String> condition, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String pane = "";
        while (System.currentTimeMillis() < deadline) {
            pane = capture();
            if (condition.test(pane)) return pane;
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; pane:\n" + pane);
    }

    String await(String text) throws Exception {
        return await("'" + text + "'", p -> p.contains(text), 15_000);
    }

    boolean alive() throws Exception {
        Process p = new ProcessBuilder("tmux", "has-session", "-t", session).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    @Override
    public void close() throws Exception {
        if (alive()) tmux("kill-session", "-t", session);
    }
}
