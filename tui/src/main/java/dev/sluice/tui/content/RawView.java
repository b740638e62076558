package dev.sluice.tui.content;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The body as UTF-8 text, line by line. */
final class RawView implements ContentView {
    @Override
    public String name() {
        return "raw";
    }

    @Override
    public List<String> render(Input input) {
        return lines(new String(input.content(), StandardCharsets.UTF_8));
    }

    static List<String> lines(String text) {
        return List.of(text.split("\r?\n", -1));
    }
}
