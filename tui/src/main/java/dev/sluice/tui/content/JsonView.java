package dev.sluice.tui.content;

import com.google.gson.FormattingStyle;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** JSON pretty-printed with four-space indents; keys keep their order, numbers their text. */
final class JsonView implements ContentView {
    @Override
    public String name() {
        return "json";
    }

    @Override
    public List<String> render(Input input) {
        try {
            return pretty(JsonParser.parseString(new String(input.content(), StandardCharsets.UTF_8)));
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("invalid JSON");
        }
    }

    static List<String> pretty(JsonElement tree) {
        return RawView.lines(new GsonBuilder()
                .setFormattingStyle(FormattingStyle.PRETTY.withIndent("    "))
                .setStrictness(Strictness.LENIENT)
                .disableHtmlEscaping()
                .serializeNulls()
                .create()
                .toJson(tree));
    }

    /** Whether the bytes look like a JSON document (for auto without a JSON Content-Type). */
    static boolean looksLikeJson(byte[] data) {
        for (byte b : data) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '{' || b == '[';
        }
        return false;
    }
}
