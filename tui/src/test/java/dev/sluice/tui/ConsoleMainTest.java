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
import java.net.Socket;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
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
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).connectTimeout(Duration.ofSeconds(5)).build();
        try (Tmux tmux = startConsole("sluice-e2e", port, "")) {

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

    /** What a recording origin received. */
    private record Received(String method, String path, String editMe, String body) {
    }

    /** An origin that answers 200 {@code ok} and records every request. */
    private static HttpServer recordingOrigin(List<Received> received) throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Edit-Me"), body));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        origin.start();
        return origin;
    }

    /**
     * Sends a request for {@code example.test} (which the console's JVM resolves to 127.0.0.1, see
     * {@link #startConsole}) at the origin's port through the proxy, from another thread: it waits
     * while intercepted.
     */
    private static CompletableFuture<String> sendAsExampleTest(int proxyPort, int originPort, String method, String path, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket("127.0.0.1", proxyPort)) {
                s.setSoTimeout(60_000);
                String head = method + " http://example.test:" + originPort + path + " HTTP/1.1\r\nHost: example.test:" + originPort + "\r\n"
                        + "X-Edit-Me: original\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
                s.getOutputStream().write((head + body).getBytes(StandardCharsets.UTF_8));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Issue #9's acceptance: intercept, edit a header in the grid, resume, replay with r, save with w, clear with z, load with L. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void inTmuxAnInterceptedRequestIsEditedResumedReplayedSavedClearedAndLoaded() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer origin = recordingOrigin(received);
        int port = freePort();
        Path saved = confdir.resolve("saved.flows");
        try (Tmux tmux = startConsole("sluice-intercept", port, "")) {
            tmux.keys("i");
            tmux.await(":set intercept ''");
            tmux.type("~q & ~d example.test");
            tmux.keys("Enter");
            tmux.await("[i:~q & ~d example.test]");

            CompletableFuture<String> answer = sendAsExampleTest(port, origin.getAddress().getPort(), "GET", "/edit", "");
            tmux.await("the request paused", p -> p.contains("/edit") && p.contains("⏸"), 15_000);
            Thread.sleep(500);
            assertThat(received).isEmpty();
            assertThat(answer).isNotDone();
            // the paused flow holds only its own connection: a request the filter does not match goes through
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(get(client, "http://127.0.0.1:" + origin.getAddress().getPort() + "/other")).isEqualTo(200);
            assertThat(received).containsExactly(new Received("GET", "/other", null, ""));
            received.clear();

            tmux.keys("Enter");
            tmux.await("[Request intercepted]");
            tmux.keys("e");
            tmux.await("8 request-headers");
            tmux.keys("8");
            tmux.await("the header grid", p -> p.contains("Edit request-headers") && p.contains("X-Edit-Me"), 15_000);
            tmux.keys("j", "l", "Enter", "C-u");
            tmux.type("edited");
            tmux.keys("Enter");
            tmux.await("the cell edited", p -> p.contains("X-Edit-Me") && p.contains("edited"), 15_000);
            tmux.keys("q");
            tmux.await("X-Edit-Me: edited");
            tmux.keys("a");
            assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(received).containsExactly(new Received("GET", "/edit", "edited", ""));

            // r replays it: the origin sees the (edited) request a second time, the row shows ↺
            tmux.keys("q");
            tmux.await(" Flows");
            tmux.keys("r");
            tmux.await("the replay marked", p -> p.contains("↺") && !p.contains("[cplayback"), 15_000);
            assertThat(received).hasSize(2).allMatch(r -> r.path().equals("/edit") && "edited".equals(r.editMe()));

            tmux.keys("w");
            tmux.await(":save.file @shown ");
            tmux.type(saved.toString());
            tmux.keys("Enter");
            tmux.await("Saved 2 flows.");
            tmux.keys("z");
            tmux.await("Delete all flows (yes, no)?");
            tmux.keys("y");
            tmux.await("an empty list", p -> p.contains("⇩ [0/0]") && !p.contains("/edit"), 15_000);
            tmux.keys("L");
            tmux.await(":view.flows.load ");
            tmux.type(saved.toString());
            tmux.keys("Enter");
            tmux.await("the flows loaded back", p -> p.contains("⇩ [1/2]") && p.contains("/edit") && p.contains("/other"), 15_000);
            assertThat(received).hasSize(2);

            tmux.keys("Q");
            tmux.await("EXIT=0");
        } finally {
            origin.stop(0);
        }
    }

    /**
     * The external editor gets the terminal: a paused request body changed by $SLUICE_EDITOR reaches
     * the origin. Then a list option is edited in the options screen's grid.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void inTmuxABodyEditedInTheExternalEditorReachesTheOriginAndTheScreenComesBack() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer origin = recordingOrigin(received);
        int port = freePort();
        Path editor = confdir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\necho EDITOR-RAN\nsleep 1\nsed -i 's/hello/goodbye/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        try (Tmux tmux = startConsole("sluice-editor", port, "export SLUICE_EDITOR='" + editor + "'\n")) {
            tmux.keys(":");
            Thread.sleep(300);
            tmux.type("set intercept=~q");
            tmux.keys("Enter");
            tmux.await("[i:~q]");
            CompletableFuture<String> answer = sendAsExampleTest(port, origin.getAddress().getPort(), "POST", "/body", "hello world");
            tmux.await("the request paused", p -> p.contains("/body") && p.contains("⏸"), 15_000);
            tmux.keys("e");
            tmux.await("a request-body");
            tmux.keys("a");
            // the screen is left while the editor runs, then drawn again
            tmux.await("the editor on the terminal", p -> p.contains("EDITOR-RAN") && !p.contains("⏸"), 15_000);
            tmux.await("the console back", p -> p.contains("/body") && p.contains("⏸") && !p.contains("EDITOR-RAN"), 15_000);
            tmux.keys("a");
            assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
            assertThat(received).containsExactly(new Received("POST", "/body", "original", "goodbye world"));

            // a list option in the options screen's grid: a typed rule applies when the grid is left
            tmux.keys("O");
            tmux.await(" Options");
            for (int i = 0; i < 40 && !tmux.capture().contains(">> block_list"); i++) {
                tmux.keys("j");
                Thread.sleep(50);
            }
            tmux.await(">> block_list");
            tmux.keys("Enter");
            tmux.await("No rows. Press a to add one.");
            tmux.keys("a");
            tmux.type(":~d blocked.test:404");
            tmux.keys("Enter", "q");
            tmux.await("[block_list:1]");
            tmux.await(">> block_list                    :~d blocked.test:404");
            tmux.keys("Q");
            tmux.await("EXIT=0");
        } finally {
            origin.stop(0);
        }
    }

    /**
     * {@code sluice} in tmux at 80x24 on the port, after the shell lines in {@code setup} (exported
     * variables); waits until it listens. When it exits, the script prints its status and the tty flags.
     * Its JVM resolves {@code example.test} to 127.0.0.1 (a hosts file), so tests can use that name.
     */
    private Tmux startConsole(String name, int port, String setup) throws Exception {
        Path script = confdir.resolve(name + ".sh");
        Path hosts = confdir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 example.test\n");
        Files.writeString(script, "export LANG=C.UTF-8\n" + setup
                + "'" + java() + "' -Djdk.net.hosts.file='" + hosts + "' -cp '" + System.getProperty("java.class.path") + "' " + ConsoleMain.class.getName()
                + " --listen-host 127.0.0.1 -p " + port + " --set confdir='" + confdir + "'\n"
                + "echo EXIT=$?\nstty -a\nsleep 30\n");
        Tmux tmux = Tmux.start(name, 80, 24, "bash '" + script + "'");
        String listening = "[127.0.0.1:" + port + "]";
        tmux.await("the console listening", p -> p.contains(listening), 60_000); // a JVM start on a busy CI machine
        return tmux;
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
