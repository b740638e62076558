package dev.sluice.testsupport;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference implementation, Debian's mitmproxy 8.1.1, for interop tests: its own reader
 * describes a flow file (describe_flows.py) and {@code mitmdump -nr} replays one. Tests that need
 * it are skipped with a clear message when it is not installed.
 */
public final class Mitmproxy {
    private Mitmproxy() {
    }

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path MITMDUMP = Path.of("/usr/bin/mitmdump");

    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(MITMDUMP) && Files.isExecutable(PYTHON),
                "mitmproxy 8.1.1 is not installed (apt-get install -y mitmproxy): interop with the reference implementation not checked");
    }

    /** A committed fixture under src/test/resources/flowfiles. */
    public static Path fixture(String name) {
        try {
            return Path.of(Mitmproxy.class.getResource("/flowfiles/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One JSON object per flow, as mitmproxy's reader loaded the file. */
    public static List<JsonObject> describe(Path file) throws IOException, InterruptedException {
        Result r = run(List.of(PYTHON.toString(), fixture("describe_flows.py").toString(), file.toString()));
        if (r.status != 0) throw new AssertionError("mitmproxy could not read " + file + ":\n" + r.output);
        List<JsonObject> out = new ArrayList<>();
        for (String line : r.output.split("\n")) if (line.startsWith("{")) out.add(JsonParser.parseString(line).getAsJsonObject());
        return out;
    }

    /** {@code mitmdump -nr file}: its exit status and output. */
    public static Result mitmdumpRead(Path file) throws IOException, InterruptedException {
        return run(List.of(MITMDUMP.toString(), "-n", "-r", file.toString(), "--set", "confdir=" + Files.createTempDirectory("mitm")));
    }

    public record Result(int status, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
