package dev.sluice.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.Sluice;
import dev.sluice.addons.Addons;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice} as a person runs it: in tmux at 80x24, traffic through it from a local origin,
 * keys typed into the console and the pane read back. Also the refusal without a terminal.
 */
class ConsoleMainTest {

    @TempDir
    Path confdir;

    private static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void withoutATerminalItSaysSoAndExitsWithStatusOne() throws Exception {
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), ConsoleMain.class.getName(),
                "-p", "0", "--set", "confdir=" + confdir).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(ConsoleMain.NO_TERMINAL);
        assertThat(p.exitValue()).isEqualTo(1);
    }

    @Test
    void helpListsTheConsoleFlagsBesideSluicedumpsWithoutNeedingATerminal() throws Exception {
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), ConsoleMain.class.getName(), "--help").start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).startsWith("usage: sluice [options] [filter ...]")
                .contains("--console-layout", "--view-filter", "--listen-port", "--set", "--flow-detail");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void inTmuxAt80x24TrafficKeysThePromptAndTheFilterWork() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            boolean json = exchange.getRequestURI().getPath().endsWith(".json");
            byte[] body = (json ? "{\"name\":\"sluice\",\"items\":[1,2,3]}" : "plain page").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        int port = freePort();
        String base = "http://127.0.0.1:" + origin.getAddress().getPort();
        Path script = confdir.resolve("run.sh");
        Files.writeString(script, "export LANG=C.UTF-8\n"
                + "'" + java() + "' -cp '" + System.getProperty("java.class.path") + "' " + ConsoleMain.class.getName()
                + " --listen-host 127.0.0.1 -p " + port + " --set confdir='" + confdir + "'\n"
                + "echo EXIT=$?\nstty -a\nsleep 30\n");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).connectTimeout(Duration.ofSeconds(5)).build();
        try (Tmux tmux = Tmux.start("sluice-e2e", 80, 24, "bash '" + script + "'")) {
            String listening = "[127.0.0.1:" + port + "]";
            tmux.await("the console listening", p -> p.contains(listening), 60_000); // a JVM start on a busy CI machine

            for (String path : new String[]{"/index", "/data.json", "/other"}) {
                assertThat(get(client, base + path)).isEqualTo(200);
            }
            // each await reads the pane until the whole frame is there (a capture can fall mid-frame)
            tmux.await("three flows listed", p -> p.contains(">> GET " + base + "/index") && p.contains("← 200 text/plain 10b")
                    && p.contains("GET " + base + "/data.json") && p.contains("GET " + base + "/other")
                    && p.lines().toList().get(22).startsWith("⇩ [1/3]"), 15_000);

            tmux.keys("j");
            tmux.await("⇩ [2/3]");
            tmux.keys("Enter");
            tmux.await("[Request]");
            tmux.keys("Tab");
            tmux.await("the JSON body pretty-printed", p -> p.contains("JSON (auto)")
                    && p.contains("{\n    \"name\": \"sluice\",\n    \"items\": [\n        1,"), 15_000);
            tmux.keys("q");
            tmux.await(" Flows");

            // the prompt on JLine: Tab completion of an option name, then escape cancels
            tmux.keys(":");
            tmux.await(":\n") ;
            tmux.type("set console_layout_h");
            tmux.keys("Tab");
            tmux.await(":set console_layout_headers");
            tmux.keys("Escape");
            tmux.await("no prompt", p -> !p.contains(":set console_layout_headers"), 5_000);

            boolean blockList = blockListRegistered();
            tmux.keys(":");
            Thread.sleep(300);
            if (blockList) {
                tmux.type("set block_list=:~d blocked.test:404");
                tmux.keys("Enter");
                tmux.await("[block_list:1]");
                assertThat(get(client, "http://blocked.test/")).isEqualTo(404);
                tmux.await("blocked.test");
            } else {
                // block_list is another feature's: a live option change with an effect on the next request instead
                tmux.type("set body_size_limit=10");
                tmux.keys("Enter");
                tmux.await("Flows");
                Thread.sleep(300);
                assertThat(post(client, base + "/upload", "x".repeat(100))).isEqualTo(413);
                tmux.await("POST " + base + "/upload");
            }

            // f pre-fills set view_filter '' with the cursor between the quotes
            tmux.keys("f");
            tmux.await(":set view_filter ''");
            tmux.type("data.json");
            tmux.keys("Enter");
            tmux.await("the list filtered", p -> p.contains("[f:data.json]") && p.contains("⇩ [1/1]")
                    && p.contains("GET " + base + "/data.json") && !p.contains("/index") && !p.contains("/other"), 15_000);

            tmux.keys("q");
            tmux.await("Quit (yes, no)?");
            tmux.keys("y");
            // the terminal is back in line mode with echo: stty prints its flags after the exit status
            tmux.await("a restored terminal", p -> p.contains("EXIT=0") && p.contains(" echo ") && p.contains(" icanon ")
                    && !p.contains("Flows"), 15_000);
        } finally {
            origin.stop(0);
        }
    }

    private static boolean blockListRegistered() {
        Sluice probe = new Sluice(false);
        probe.addAddons(Addons.defaults());
        return probe.options().has("block_list");
    }

    private static int get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(HttpClient client, String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
