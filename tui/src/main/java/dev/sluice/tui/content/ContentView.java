package dev.sluice.tui.content;

import java.util.List;

/** One way of showing a body (console.md §5). Lines are raw text; the screen sanitises them. */
public interface ContentView {

    /** The body to show: decoded bytes, the Content-Type (or null) and the request's query (or null). */
    record Input(byte[] content, String contentType, String query) {
        /** The media type without parameters, lower case, or "". */
        public String mediaType() {
            if (contentType == null) return "";
            int semi = contentType.indexOf(';');
            return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
        }
    }

    String name();

    /** Renders the input; throws IllegalArgumentException when the data is not of this kind. */
    List<String> render(Input input);
}
