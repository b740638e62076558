package dev.sluice.export;

import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.Url;
import java.util.ArrayList;
import java.util.List;

/**
 * What the curl and httpie exports share: the headers worth sending (neither Content-Length,
 * which the tool computes, nor a Host header the tool derives from the URL itself, nor HTTP/2
 * pseudo-headers) and the assembly of a shell line whose body arrives as an argument or, when it
 * cannot, from {@code printf} through a pipe.
 */
final class CommandLine {

    private final List<String> words = new ArrayList<>();

    /** A word of Sluice's own (a program name or a flag): written as is. */
    CommandLine literal(String word) {
        words.add(word);
        return this;
    }

    /** A word taken from the flow: always single-quoted. */
    CommandLine value(String value) {
        words.add(ShellQuote.quote(value));
        return this;
    }

    String line() {
        return String.join(" ", words);
    }

    /** The line, with {@code printf ... |} in front when the body comes from standard input. */
    String line(byte[] pipedBody) {
        return pipedBody == null ? line() : ShellQuote.printf(pipedBody) + " | " + line();
    }

    /** The request's headers in order, without those the tool sets itself. */
    static List<Headers.Field> headersToSend(Request r) {
        String derivedHost = urlAuthority(r);
        List<Headers.Field> out = new ArrayList<>();
        for (Headers.Field f : r.headers()) {
            if (f.name().startsWith(":") || Headers.nameEquals(f.name(), "content-length")) continue;
            if (Headers.nameEquals(f.name(), "host") && f.value().equalsIgnoreCase(derivedHost)) continue;
            out.add(f);
        }
        return out;
    }

    /** The Host header a tool derives from the pretty URL (host, and port unless the default), or null. */
    private static String urlAuthority(Request r) {
        try {
            return Url.parse(r.prettyUrl()).authority();
        } catch (IllegalArgumentException notAnHttpUrl) {
            return null;
        }
    }
}
