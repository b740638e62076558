package dev.sluice.net;

import dev.sluice.Sluice;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import dev.sluice.flow.StatusCodes;
import java.nio.charset.StandardCharsets;

/** The small HTML pages the proxy answers with when it refuses or fails a request (security.md §1). */
public final class ErrorPages {
    private ErrorPages() {
    }

    public static Response make(int status, String reason) {
        String title = status + " " + StatusCodes.reason(status);
        String html = "<!DOCTYPE html>\n<html>\n<head><title>" + escape(title) + "</title></head>\n<body>\n<h1>"
                + escape(title) + "</h1>\n<p>" + escape(reason) + "</p>\n</body>\n</html>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        Headers h = Headers.of("Server", "Sluice " + Sluice.VERSION, "Connection", "close",
                "Content-Type", "text/html", "Content-Length", Integer.toString(body.length));
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
