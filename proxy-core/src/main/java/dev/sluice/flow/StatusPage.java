package dev.sluice.flow;

import dev.sluice.Sluice;
import java.nio.charset.StandardCharsets;

/**
 * The small HTML page of a synthetic answer: title and heading {@code <code> <reason>}, the
 * explanation HTML-escaped, {@code Server: Sluice <version>}, Content-Type and Content-Length.
 */
public final class StatusPage {
    private StatusPage() {
    }

    public static Response make(int status, String explanation) {
        String title = status + " " + StatusCodes.reason(status);
        String html = "<!DOCTYPE html>\n<html>\n<head><title>" + escape(title) + "</title></head>\n<body>\n<h1>"
                + escape(title) + "</h1>\n<p>" + escape(explanation) + "</p>\n</body>\n</html>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        Headers h = Headers.of("Server", "Sluice " + Sluice.VERSION, "Content-Type", "text/html",
                "Content-Length", Integer.toString(body.length));
        return Response.make(status, body, h);
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#x27;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
