package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mitmdump-compatible flag parsing (cli.md §1): {@code --name value}, {@code --name=value},
 * unambiguous long prefixes, clustered short flags with attached values ({@code -nr f},
 * {@code -p8081}), {@code --} ending the flags, and hints for obsolete spellings.
 */
final class ArgParser {

    /** A usage error: printed as {@code <program>: error: <message>}. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** One flag occurrence with its value (null for flags without one). */
    record Use(Flag flag, String value) {
    }

    record Parsed(List<Use> uses, List<String> words) {
    }

    private static final Map<String, String> OBSOLETE = Map.ofEntries(
            Map.entry("nopop", "--server-replay-reuse (or --set server_replay_reuse=true)"),
            Map.entry("replay-kill-extra", "--server-replay-extra=kill (or --set server_replay_extra=kill)"),
            Map.entry("reverse", "--mode reverse:URL"),
            Map.entry("upstream", "--mode upstream:URL"),
            Map.entry("transparent", "--mode transparent"),
            Map.entry("bind-address", "--listen-host"),
            Map.entry("port", "--listen-port"),
            Map.entry("cadir", "--set confdir=PATH"));
    private static final Map<Character, String> OBSOLETE_SHORT = Map.of(
            'R', "reverse", 'U', "upstream", 'T', "transparent", 'b', "bind-address");

    private final List<Flag> flags;

    ArgParser(List<Flag> flags) {
        this.flags = flags;
    }

    Parsed parse(String[] args) throws UsageException {
        List<Use> uses = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (i++; i < args.length; i++) words.add(args[i]);
                break;
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Flag f = findLong(name);
                if (f.takesValue()) {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException("argument --" + f.longNames().get(0) + ": expected one argument");
                        value = args[++i];
                    }
                } else if (value != null) {
                    throw new UsageException("argument --" + f.longNames().get(0) + ": ignored explicit argument '" + value + "'");
                }
                uses.add(new Use(f, value));
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    Flag f = findShort(c);
                    if (f.takesValue()) {
                        String value;
                        if (j + 1 < a.length()) value = a.substring(j + 1);
                        else if (i + 1 < args.length) value = args[++i];
                        else throw new UsageException("argument -" + c + ": expected one argument");
                        uses.add(new Use(f, value));
                        break;
                    }
                    uses.add(new Use(f, null));
                }
            } else {
                words.add(a);
            }
        }
        return new Parsed(uses, words);
    }

    private Flag findLong(String name) throws UsageException {
        if (OBSOLETE.containsKey(name)) throw new UsageException(obsolete(name));
        List<Flag> prefixed = new ArrayList<>();
        List<String> prefixedNames = new ArrayList<>();
        for (Flag f : flags) {
            for (String n : f.longNames()) {
                if (n.equals(name)) return f;
                if (n.startsWith(name) && !name.isEmpty()) {
                    if (!prefixed.contains(f)) prefixed.add(f);
                    prefixedNames.add("--" + n);
                }
            }
        }
        if (prefixed.size() == 1) return prefixed.get(0);
        if (prefixed.size() > 1) {
            throw new UsageException("ambiguous option: --" + name + " could match " + String.join(", ", prefixedNames));
        }
        throw new UsageException("unrecognized arguments: --" + name);
    }

    private Flag findShort(char c) throws UsageException {
        if (OBSOLETE_SHORT.containsKey(c)) throw new UsageException(obsolete(OBSOLETE_SHORT.get(c)).replace("--" + OBSOLETE_SHORT.get(c) + " is", "-" + c + " is"));
        for (Flag f : flags) if (f.shortName() != null && f.shortName() == c) return f;
        throw new UsageException("unrecognized arguments: -" + c);
    }

    private static String obsolete(String name) {
        return "--" + name + " is deprecated; use " + OBSOLETE.get(name) + ".";
    }
}
