package dev.sluice.tui.edit;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writing edited fields back into messages: urlencoded forms and queries, multipart forms, path components. */
final class FormEncoding {
    private FormEncoding() {
    }

    /** {@code name=value&...}, both percent-encoded as a browser submits a form (space as {@code +}). */
    static String urlencoded(List<List<String>> rows) {
        List<String> pairs = new ArrayList<>();
        for (List<String> r : rows) {
            pairs.add(URLEncoder.encode(r.get(0), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(r.get(1), StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    /** A multipart/form-data body of plain fields separated by the boundary. */
    static byte[] multipart(String boundary, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> r : rows) {
            String name = r.get(0).replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(r.get(1).getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** One path segment percent-encoded (RFC 3986 pchar: unreserved, sub-delims, ':' and '@' stay). */
    static String pathSegment(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
            if (keep) sb.append(c);
            else sb.append('%').append(String.format("%02X", (int) c));
        }
        return sb.toString();
    }
}
