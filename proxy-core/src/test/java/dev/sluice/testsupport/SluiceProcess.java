package dev.sluice.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real sluicedump process started from the test class path, with its stdout and stderr
 * collected line by line, as a user would run it.
 */
public final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private SluiceProcess(Process process) {
        this.process = process;
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr);
    }

    public static SluiceProcess start(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Duser.home=" + TestConfdir.home()); // its ~/.sluice (the CA) is never the user's
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("NO_COLOR", "1");
        return new SluiceProcess(pb.start());
    }

    public static SluiceProcess dump(String... args) throws IOException {
        return start("dev.sluice.cli.SluiceDump", args);
    }

    private static void pump(BufferedReader reader, List<String> into) {
        Thread t = new Thread(() -> {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) into.add(line);
            } catch (IOException ignored) {
                // process ended
            }
        }, "process-pump");
        t.setDaemon(true);
        t.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until a line containing the text appears on stderr (or stdout); fails after 15 s. */
    public void awaitLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (stderr.stream().anyMatch(l -> l.contains(fragment)) || stdout.stream().anyMatch(l -> l.contains(fragment))) return;
            if (!process.isAlive() && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(14)) break;
            Thread.sleep(20);
        }
        throw new AssertionError("no line containing '" + fragment + "'; stdout=" + stdout + " stderr=" + stderr);
    }

    /** Waits for the process to end by itself (15 s at most) and returns its exit status. */
    public int waitFor() throws InterruptedException {
        if (!process.waitFor(15, TimeUnit.SECONDS)) throw new AssertionError("process did not exit; stderr=" + stderr);
        Thread.sleep(100); // let the pumps read the last lines
        return process.exitValue();
    }

    public List<String> stdout() {
        return stdout;
    }

    public List<String> stderr() {
        return stderr;
    }

    /** Stops it as Ctrl-C would (SIGTERM here) and waits. */
    public int stop() throws InterruptedException {
        process.destroy();
        return waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
