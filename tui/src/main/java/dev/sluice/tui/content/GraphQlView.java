package dev.sluice.tui.content;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A GraphQL request body: the query text as written, then the variables as pretty JSON. */
final class GraphQlView implements ContentView {
    @Override
    public String name() {
        return "graphql";
    }

    @Override
    public List<String> render(Input input) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(new String(input.content(), StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("invalid JSON");
        }
        if (!tree.isJsonObject() || !tree.getAsJsonObject().has("query") || !tree.getAsJsonObject().get("query").isJsonPrimitive()) {
            throw new IllegalArgumentException("no GraphQL query");
        }
        JsonObject request = tree.getAsJsonObject();
        List<String> lines = new ArrayList<>(RawView.lines(request.get("query").getAsString()));
        if (request.has("variables") && !request.get("variables").isJsonNull()) {
            lines.add("");
            lines.add("Variables:");
            lines.addAll(JsonView.pretty(request.get("variables")));
        }
        return lines;
    }
}
