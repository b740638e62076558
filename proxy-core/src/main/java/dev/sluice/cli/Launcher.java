package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.addons.ReadFile;
import dev.sluice.addons.TlsConfig;
import dev.sluice.cli.ArgParser.Parsed;
import dev.sluice.cli.ArgParser.Use;
import dev.sluice.cli.Flag.Kind;
import dev.sluice.command.Command;
import dev.sluice.filter.FilterOption;
import dev.sluice.net.ProxyServer;
import dev.sluice.net.Transport;
import dev.sluice.option.ConfigFile;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Paths;
import dev.sluice.option.OptionType;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.tls.TlsConfigException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up shared by sluicedump and the console (cli.md §3): parse flags, apply {@code --set}
 * as one transaction, then the dedicated flags, then the positional filter, then start the
 * listeners. Errors become {@link StartupException} with the user's message.
 */
public final class Launcher {

    /** A start-up failure: printed as {@code <program>: <message>}, exit status 1. */
    public static final class StartupException extends Exception {
        public StartupException(String message) {
            super(message);
        }
    }

    /** What the command line asked for besides options. */
    public enum Action { RUN, HELP, VERSION, OPTIONS, COMMANDS }

    private static final String SCRIPTS = "scripts";

    private final String program;
    private final Sluice sluice;
    private final boolean console;
    private ProxyServer server;
    private List<String> filterWords = List.of();

    public Launcher(String program, Sluice sluice, boolean console) {
        this.program = program;
        this.sluice = sluice;
        this.console = console;
        dev.sluice.tls.TlsWarmup.start();
    }

    /** The positional filter words joined, or null. */
    public String filterText() {
        return filterWords.isEmpty() ? null : String.join(" ", filterWords);
    }

    /** Applies the command line to the options; returns the action asked for. */
    public Action applyArguments(String[] args) throws ArgParser.UsageException, StartupException {
        Options options = sluice.options();
        Parsed parsed = new ArgParser(Flags.forOptions(options, console)).parse(args);
        for (Use use : parsed.uses()) {
            if (use.flag().kind() == Kind.ACTION && !use.flag().option().equals("set")) {
                return switch (use.flag().option()) {
                    case Flags.HELP -> Action.HELP;
                    case Flags.VERSION -> Action.VERSION;
                    case Flags.OPTIONS -> Action.OPTIONS;
                    default -> Action.COMMANDS;
                };
            }
        }
        try {
            List<String> sets = new ArrayList<>();
            for (Use use : parsed.uses()) if (use.flag().kind() == Kind.ACTION) sets.add(use.value());
            loadScripts(options, sets, parsed.uses());
            sets.removeIf(Launcher::setsScripts);
            applyConfigFiles(options, sets);
            if (!sets.isEmpty()) options.set(sets);
            for (Use use : parsed.uses()) if (!use.flag().option().equals(SCRIPTS)) applyFlag(options, use);
            filterWords = parsed.words();
            applyFilter(options);
        } catch (OptionsException e) {
            throw new StartupException(e.getMessage());
        }
        return Action.RUN;
    }

    /**
     * cli.md §3: the addons from {@code scripts} load first, so that the config file and {@code --set}
     * can name their options. The list follows the usual precedence (config file, then {@code --set},
     * then {@code -s} appends) and is set once; the later steps leave it alone.
     */
    private void loadScripts(Options options, List<String> sets, List<Use> uses) throws OptionsException {
        if (!options.has(SCRIPTS)) return;
        List<String> scripts = new ArrayList<>(options.list(SCRIPTS));
        for (Path file : ConfigFile.candidates(confdir(options, sets))) {
            List<String> fromFile = ConfigFile.read(file, options, unknownNamesAreWarnedLater -> {
            }).get(SCRIPTS);
            if (fromFile != null) scripts = new ArrayList<>(fromFile);
        }
        if (sets.stream().anyMatch(Launcher::setsScripts)) {
            scripts = new ArrayList<>();
            for (String s : sets) if (s.startsWith(SCRIPTS + "=") && s.length() > SCRIPTS.length() + 1) scripts.add(s.substring(SCRIPTS.length() + 1));
        }
        for (Use use : uses) if (use.flag().option().equals(SCRIPTS)) scripts.add(use.value());
        if (!scripts.equals(options.list(SCRIPTS))) options.update(Map.of(SCRIPTS, scripts));
    }

    private static boolean setsScripts(String set) {
        return set.equals(SCRIPTS) || set.startsWith(SCRIPTS + "=");
    }

    /** The config files of the confdir apply before {@code --set}; {@code scripts} is already applied. */
    private void applyConfigFiles(Options options, List<String> sets) throws OptionsException {
        for (Path file : ConfigFile.candidates(confdir(options, sets))) {
            Map<String, List<String>> textual = new LinkedHashMap<>(ConfigFile.read(file, options, sluice.log()::warn));
            textual.remove(SCRIPTS);
            if (!textual.isEmpty()) options.setTextual(textual);
        }
    }

    /** {@code confdir}, taken from {@code --set confdir=...} when given. */
    private static Path confdir(Options options, List<String> sets) {
        String confdir = options.str("confdir");
        for (String s : sets) if (s.startsWith("confdir=")) confdir = s.substring("confdir=".length());
        return Paths.expand(confdir);
    }

    private void applyFlag(Options options, Use use) throws OptionsException {
        Flag f = use.flag();
        Map<String, List<String>> textual = new LinkedHashMap<>();
        switch (f.kind()) {
            case BOOL_ON -> textual.put(f.option(), List.of("true"));
            case BOOL_OFF -> textual.put(f.option(), List.of("false"));
            case SCALAR -> textual.put(f.option(), List.of(use.value()));
            case REPLACE -> {
                // all occurrences together replace the list: the first one clears what stood before
                List<String> current = replaced.contains(f.option()) ? new ArrayList<>(options.list(f.option())) : new ArrayList<>();
                replaced.add(f.option());
                current.add(use.value());
                textual.put(f.option(), current);
            }
            case APPEND -> {
                List<String> current = new ArrayList<>(options.list(f.option()));
                current.add(use.value());
                Map<String, Object> typed = new LinkedHashMap<>();
                typed.put(f.option(), current);
                options.update(typed);
                return;
            }
            case FIXED -> {
                boolean quiet = f.option().equals("quiet");
                textual.put("termlog_verbosity", List.of(quiet ? "error" : "debug"));
                if (options.has("flow_detail")) textual.put("flow_detail", List.of(quiet ? "0" : "2"));
            }
            default -> {
                return;
            }
        }
        options.setTextual(textual);
    }

    private final java.util.Set<String> replaced = new java.util.HashSet<>();

    private void applyFilter(Options options) throws OptionsException {
        String filter = filterText();
        if (filter == null) return;
        FilterOption.compile("dumper_filter", filter); // the spec names this option when the filter is bad
        Map<String, List<String>> textual = new LinkedHashMap<>();
        for (String name : List.of("save_stream_filter", "readfile_filter", "dumper_filter")) {
            if (options.has(name)) textual.put(name, List.of(filter));
        }
        options.setTextual(textual);
        sluice.log().info("Only processing flows that match \"" + filter + "\"");
    }

    /** Loads the CA (cli.md §3: after the options), then starts the listeners (unless {@code server} is off) and logs one line each. */
    public void startServer() throws StartupException {
        Options options = sluice.options();
        TlsConfig tls = sluice.addons().find(TlsConfig.class);
        try {
            if (tls != null) tls.loadCertificateAuthority();
        } catch (TlsConfigException e) {
            throw new StartupException(e.getMessage());
        }
        sluice.bodies().removeStale(); // body files left by Sluice processes that no longer run (features.md §14)
        sluice.addons().lifecycle("running", Addon::running);
        readFlowFile();
        if (!options.bool("server")) return;
        String host = options.str("listen_host");
        Long portOption = options.number("listen_port");
        int port = portOption == null ? 8080 : portOption.intValue();
        server = new ProxyServer(sluice);
        try {
            InetSocketAddress bound = server.listen(host, port);
            String shown = host.isEmpty() ? "*" : host;
            sluice.log().info("HTTP(S) proxy listening at " + shown + ":" + bound.getPort() + ".");
        } catch (Exception e) {
            server.close();
            server = null;
            String shown = host.isEmpty() ? "*" : host;
            throw new StartupException("Invalid value for listen_port: cannot listen on " + shown + ":" + port + ": " + bindReason(e));
        }
    }

    /** The {@code -r} file, read through the hooks before the listeners start (cli.md §3, §4). */
    private void readFlowFile() throws StartupException {
        ReadFile reader = sluice.addons().find(ReadFile.class);
        if (reader == null) return;
        try {
            reader.readConfiguredFile();
        } catch (ReadFile.ReadFailure e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static String bindReason(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }

    public ProxyServer server() {
        return server;
    }

    public void stop() {
        if (server != null) server.close();
        sluice.shutdown();
    }

    // ---- informational actions ----

    /** Prints what an informational action asks for; returns false for {@link Action#RUN}. */
    public boolean printInformation(Action action, PrintStream out) {
        switch (action) {
            case HELP -> printHelp(out);
            case VERSION -> printVersion(out);
            case OPTIONS -> printOptions(out);
            case COMMANDS -> printCommands(out);
            default -> {
                return false;
            }
        }
        return true;
    }

    public void printVersion(PrintStream out) {
        out.println("Sluice: " + Sluice.VERSION);
        out.println("Java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")");
        out.println("Netty: " + nettyVersion() + " (" + Transport.name() + ")");
        out.println("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String nettyVersion() {
        var versions = io.netty.util.Version.identify();
        var v = versions.get("netty-common");
        return v == null ? "unknown" : v.artifactVersion();
    }

    /** Every option as commented YAML with its default, in name order: a valid config file. */
    public void printOptions(PrintStream out) {
        for (OptionSpec s : sluice.options().sortedSpecs()) {
            for (String line : s.help().split("\n")) out.println("# " + line);
            out.println("# Type " + s.typeText() + ".");
            out.println(s.name() + ":" + yaml(s));
            out.println();
        }
    }

    private static String yaml(OptionSpec s) {
        Object v = s.defaultValue();
        if (v == null) return " null";
        if (s.type() == OptionType.LIST) {
            List<?> l = (List<?>) v;
            if (l.isEmpty()) return " []";
            StringBuilder sb = new StringBuilder();
            for (Object o : l) sb.append("\n- ").append(quote(String.valueOf(o)));
            return sb.toString();
        }
        if (v instanceof String str) return " " + quote(str);
        return " " + String.valueOf(v).toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public void printCommands(PrintStream out) {
        for (Command c : sluice.commands().all()) {
            out.println(c.signature());
            out.println("    " + c.help());
        }
    }

    public void printHelp(PrintStream out) {
        out.println("usage: " + program + " [options] [filter ...]");
        out.println();
        out.println("Flags (every option is also reachable with --set NAME=VALUE; see --options):");
        for (Flag f : Flags.forOptions(sluice.options(), console)) {
            StringBuilder sb = new StringBuilder("  ");
            if (f.shortName() != null) sb.append('-').append(f.shortName()).append(", ");
            sb.append("--").append(String.join(", --", f.longNames()));
            if (f.takesValue()) sb.append(' ').append(f.value() != null ? f.value().toUpperCase(Locale.ROOT) : f.option().toUpperCase(Locale.ROOT));
            out.println(sb);
            String help = f.help() != null ? f.help() : helpOf(f);
            if (help != null) out.println("        " + help.lines().findFirst().orElse(""));
        }
    }

    private String helpOf(Flag f) {
        OptionSpec s = sluice.options().spec(f.option());
        if (s == null) return null;
        return (f.kind() == Kind.BOOL_OFF ? "Disable: " : "") + s.help();
    }
}
