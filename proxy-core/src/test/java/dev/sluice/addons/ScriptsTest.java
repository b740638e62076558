package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.cli.Launcher;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.option.OptionsException;
import dev.sluice.testsupport.AddonJars;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.SluiceProcess;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts} (options-and-patterns.md §7): addon JARs built at test time act on real traffic. */
class ScriptsTest {

    /**
     * Adds {@code X-Greeting: <greeting option>} to every response and numbers the responses it saw
     * in {@code X-Greeted}; marks requests with {@code X-Greeted-Request}; records done() in a system property.
     */
    static final String GREETER = """
            import dev.sluice.Sluice;
            import dev.sluice.addon.Addon;
            import dev.sluice.flow.Flow;
            import dev.sluice.option.OptionSpec;

            public final class Greeter implements Addon {
                private Sluice sluice;
                private int responses;

                @Override
                public void load(Sluice sluice) {
                    this.sluice = sluice;
                    sluice.options().register(OptionSpec.str("greeting", "hello", "What the addon says."));
                }

                @Override
                public void request(Flow flow) {
                    flow.request().headers().set("X-Greeted-Request", "yes");
                }

                @Override
                public void response(Flow flow) {
                    flow.response().headers().set("X-Greeting", sluice.options().str("greeting"));
                    flow.response().headers().set("X-Greeted", Integer.toString(++responses));
                }

                @Override
                public void done() {
                    System.setProperty("greeter.done", "yes");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anAddonFromAJarActsOnTrafficAndBringsItsOption() throws Exception {
        Path jar = AddonJars.build(dir, "Greeter", GREETER);
        try (Origin origin = Origin.echo(); ProxyFixture proxy = new ProxyFixture(List.of("scripts=" + jar))) {
            assertThat(get(proxy, origin).header("X-Greeting")).isEqualTo("hello");
            proxy.set("greeting=bonjour");
            assertThat(get(proxy, origin).header("X-Greeting")).isEqualTo("bonjour");
        }
    }

    @Test
    void removingTheJarUnloadsItsAddonsAndOptions() throws Exception {
        Path jar = AddonJars.build(dir, "Greeter", GREETER);
        System.clearProperty("greeter.done");
        try (Origin origin = Origin.echo(); ProxyFixture proxy = new ProxyFixture(List.of("scripts=" + jar))) {
            proxy.set("scripts=");
            assertThat(System.getProperty("greeter.done")).isEqualTo("yes");
            assertThat(proxy.sluice().options().has("greeting")).isFalse();
            assertThat(get(proxy, origin).header("X-Greeting")).isNull();
            proxy.set("scripts=" + jar);
            assertThat(get(proxy, origin).header("X-Greeting")).isEqualTo("hello");
        }
    }

    /** Registers {@code greet} and replaces the built-in {@code flow.encode.options}. */
    static final String COMMANDER = """
            import dev.sluice.Sluice;
            import dev.sluice.addon.Addon;
            import java.util.List;

            public final class Commander implements Addon {
                @Override
                public void load(Sluice sluice) {
                    sluice.commands().register("greet", List.of(), "str", "Says hi.", args -> "hi");
                    sluice.commands().register("flow.encode.options", List.of(), "str[]", "Replaced.", args -> List.of("commander"));
                }
            }
            """;

    @Test
    void removingTheJarTakesItsCommandsAwayAndGivesBackTheOnesItReplaced() throws Exception {
        Path jar = AddonJars.build(dir, "Commander", COMMANDER);
        try (ProxyFixture proxy = new ProxyFixture(List.of())) {
            CommandRegistry commands = proxy.sluice().commands();
            Object builtIn = commands.execute("flow.encode.options");
            proxy.set("scripts=" + jar);
            assertThat(commands.execute("greet")).isEqualTo("hi");
            assertThat(commands.execute("flow.encode.options")).isEqualTo(List.of("commander"));

            proxy.set("scripts=");
            assertThatThrownBy(() -> commands.execute("greet")).isInstanceOf(CommandException.class)
                    .hasMessage("Unknown command: greet");
            assertThat(commands.execute("flow.encode.options")).isEqualTo(builtIn);
        }
    }

    @Test
    void badPathsAreRefusedWithTheOldValueKept() throws Exception {
        Path jar = AddonJars.build(dir, "Greeter", GREETER);
        Path python = Files.writeString(dir.resolve("addon.py"), "print('hi')\n");
        Path empty = AddonJars.build(dir, "empty.jar", Map.of("Greeter", GREETER), List.of());
        Path missing = dir.resolve("missing.jar");
        try (Origin origin = Origin.echo(); ProxyFixture proxy = new ProxyFixture(List.of("scripts=" + jar))) {
            assertThatThrownBy(() -> proxy.set("scripts=" + missing)).isInstanceOf(OptionsException.class)
                    .hasMessage("Cannot parse scripts option " + missing + ": file does not exist");
            assertThatThrownBy(() -> proxy.set("scripts=" + python)).isInstanceOf(OptionsException.class)
                    .hasMessage("Cannot parse scripts option " + python
                            + ": Python scripts are not supported; Sluice addons are Java classes in a JAR");
            assertThatThrownBy(() -> proxy.set("scripts=" + empty)).isInstanceOf(OptionsException.class)
                    .hasMessage("Cannot parse scripts option " + empty + ": no addons found");
            assertThat(proxy.sluice().options().list("scripts")).containsExactly(jar.toString());
            assertThat(get(proxy, origin).header("X-Greeting")).isEqualTo("hello");
        }
    }

    @Test
    void atStartUpTheConfigFileCanSetAnOptionOfAnAddonGivenWithDashS() throws Exception {
        Path jar = AddonJars.build(dir, "Greeter", GREETER);
        Path confdir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(confdir.resolve("config.yaml"), "greeting: from the config file\n");
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo();
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port),
                     "--set", "confdir=" + confdir, "-s", jar.toString())) {
            dump.awaitLine("HTTP(S) proxy listening at 127.0.0.1:" + port + ".");
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(origin.url("/hi"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("X-Greeting")).hasValue("from the config file");
            assertThat(dump.stderr()).noneMatch(l -> l.contains("ignoring unknown option"));
        }
    }

    @Test
    void theListFollowsTheStartUpPrecedenceAndIsLoadedOnce() throws Exception {
        Path first = AddonJars.build(Files.createDirectories(dir.resolve("a")), "Greeter", GREETER);
        Path second = AddonJars.build(Files.createDirectories(dir.resolve("b")), "Other.jar",
                Map.of("Other", "public final class Other implements dev.sluice.addon.Addon {}"), List.of("Other"));
        Path confdir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(confdir.resolve("config.yaml"), "scripts: [" + first + "]\ngreeting: hi\n");
        Sluice sluice = new Sluice(false);
        sluice.addAddons(Addons.defaults());
        sluice.options().configureAll();
        new Launcher("sluicedump", sluice, false).applyArguments(new String[] {"-n", "--set", "confdir=" + confdir, "-s", second.toString()});
        // the config file's list, then -s appends
        assertThat(sluice.options().list("scripts")).containsExactly(first.toString(), second.toString());
        assertThat(sluice.addons().userAddons()).extracting(Addon::name).containsExactly("Greeter", "Other");
        assertThat(sluice.options().str("greeting")).isEqualTo("hi");
        sluice.shutdown();
    }

    private static RawResponse get(ProxyFixture proxy, Origin origin) throws Exception {
        return proxy.send(RawRequest.get(origin.url("/")));
    }
}
