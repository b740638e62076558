package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content types of locally served files (features.md §5.1). */
class ContentTypesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a.html,text/html", "a.htm,text/html", "a.css,text/css", "a.js,text/javascript", "a.mjs,text/javascript",
            "a.json,application/json", "a.xml,application/xml", "a.txt,text/plain", "a.csv,text/csv",
            "a.svg,image/svg+xml", "a.png,image/png", "a.jpg,image/jpeg", "a.jpeg,image/jpeg", "a.gif,image/gif",
            "a.webp,image/webp", "a.ico,image/vnd.microsoft.icon", "a.woff,font/woff", "a.woff2,font/woff2",
            "a.wasm,application/wasm", "a.pdf,application/pdf", "a.mp4,video/mp4", "a.webm,video/webm",
            "a.mp3,audio/mpeg", "a.zip,application/zip", "UPPER.CSS,text/css", "a.tar.zip,application/zip",
            "README,", "a.unknown,", "a.,"})
    void guessesFromTheExtension(String fileName, String type) {
        assertThat(ContentTypes.forFileName(fileName)).isEqualTo(type);
    }
}
