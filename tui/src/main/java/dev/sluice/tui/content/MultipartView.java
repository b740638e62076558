package dev.sluice.tui.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a multipart/form-data body: each field's name and value (files by name and size). */
final class MultipartView implements ContentView {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "multipart form";
    }

    @Override
    public List<String> render(Input input) {
        Matcher b = input.contentType() == null ? null : BOUNDARY.matcher(input.contentType());
        if (b == null || !b.find()) throw new IllegalArgumentException("no multipart boundary");
        // ISO-8859-1 keeps one char per byte, so part sizes are byte sizes
        String body = new String(input.content(), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String part : body.split("--" + Pattern.quote(b.group(1)))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) continue;
            String head = part.substring(0, split);
            String value = part.substring(split + 4);
            if (value.endsWith("\r\n")) value = value.substring(0, value.length() - 2);
            Matcher name = NAME.matcher(head);
            Matcher file = FILENAME.matcher(head);
            String label = name.find() ? name.group(1) : "(unnamed)";
            if (file.find()) {
                lines.add(label + ": [file " + file.group(1) + ", " + value.length() + " bytes]");
            } else {
                lines.add(label + ": " + new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        if (lines.isEmpty()) throw new IllegalArgumentException("no parts");
        return lines;
    }
}
