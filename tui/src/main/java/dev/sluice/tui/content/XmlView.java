package dev.sluice.tui.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XML and HTML indented by tag nesting: one tag or text run per line. Tolerant by design (HTML is
 * rarely well-formed): void elements and unmatched closing tags never break the layout.
 */
final class XmlView implements ContentView {

    private static final Pattern TOKEN = Pattern.compile("<!--.*?-->|<[^>]*>|[^<]+", Pattern.DOTALL);
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "param", "source", "track", "wbr", "!doctype");

    @Override
    public String name() {
        return "xml/html";
    }

    @Override
    public List<String> render(Input input) {
        String text = new String(input.content(), StandardCharsets.UTF_8);
        if (text.indexOf('<') < 0) throw new IllegalArgumentException("no markup");
        List<String> lines = new ArrayList<>();
        int depth = 0;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group().strip();
            if (token.isEmpty()) continue;
            boolean tag = token.startsWith("<") && !token.startsWith("<!--");
            boolean closing = tag && token.startsWith("</");
            if (closing) depth = Math.max(0, depth - 1);
            for (String line : token.split("\r?\n")) {
                if (!line.isBlank()) lines.add("  ".repeat(depth) + line.strip());
            }
            if (tag && !closing && !token.endsWith("/>") && !token.startsWith("<?") && !VOID.contains(tagName(token))) depth++;
        }
        return lines;
    }

    private static String tagName(String tag) {
        int end = 1;
        while (end < tag.length() && !Character.isWhitespace(tag.charAt(end)) && tag.charAt(end) != '>' && tag.charAt(end) != '/') end++;
        return tag.substring(1, end).toLowerCase(Locale.ROOT);
    }
}
