package dev.sluice.export;

import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;

/** The {@code httpie} export (console.md §11): {@code http METHOD 'url' 'name:value' ... --raw 'body'}. */
final class Httpie {
    private Httpie() {
    }

    static String command(Request r) {
        CommandLine line = new CommandLine().literal("http").value(r.method()).value(r.prettyUrl());
        for (Headers.Field f : CommandLine.headersToSend(r)) line.value(f.name() + ":" + f.value());
        byte[] body = r.rawContent() == null ? new byte[0] : r.rawContent();
        if (body.length == 0) return line.line();
        String text = ShellQuote.asArgument(body);
        if (text != null) return line.literal("--raw").value(text).line();
        return line.line(body); // httpie sends what arrives on standard input as the body
    }
}
