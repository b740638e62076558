package dev.sluice.tui.content;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code name: value} pairs of a URL-encoded form body ("url-encoded") or of the request's query ("query"). */
final class FormView implements ContentView {

    private final boolean query;

    FormView(boolean query) {
        this.query = query;
    }

    @Override
    public String name() {
        return query ? "query" : "url-encoded";
    }

    @Override
    public List<String> render(Input input) {
        String text = query ? input.query() : new String(input.content(), StandardCharsets.ISO_8859_1);
        if (text == null || text.isEmpty()) throw new IllegalArgumentException(query ? "no query" : "empty form");
        List<String> lines = new ArrayList<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            lines.add(name + ": " + value);
        }
        return lines;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray % is shown as typed
        }
    }
}
