package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.filter.FlowFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** map_local items and their candidate lists, a pure function of rule and URL (features.md §5). */
class MapLocalSpecTest {

    private static final Path SRV = Path.of("/srv");

    /** The candidates as strings, or "refused". */
    private static String candidates(String regex, String url) {
        MapLocalSpec spec = new MapLocalSpec(new FlowFilter.All(), Regexes.compile(regex, 0), SRV);
        String suffix = spec.suffix(url, null);
        assertThat(suffix).as("the regex matches").isNotNull();
        MapLocalSpec.Candidates c = MapLocalSpec.candidates(SRV, suffix);
        return c.refused() ? "refused" : String.join(" ", c.paths().stream().map(Path::toString).toList());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '¦', value = {
            // regex ¦ URL ¦ candidates, space-separated
            "example.com/foo            ¦ http://example.com/foo                    ¦ /srv/index.html",
            "example.com/foo            ¦ http://example.com/foo/                   ¦ /srv/index.html",
            "example.com/foo            ¦ http://example.com/foo/bar.jpg            ¦ /srv/bar.jpg /srv/bar.jpg/index.html",
            "example.com/foo            ¦ http://example.com/foo/bar.jpg?query      ¦ /srv/bar.jpg /srv/bar.jpg/index.html",
            "example.com/foo            ¦ https://example.com/foo/bar.jpg           ¦ /srv/bar.jpg /srv/bar.jpg/index.html",
            "example.com/foo            ¦ http://example.com/foo/bar/baz.jpg        ¦ /srv/bar/baz.jpg /srv/bar/baz.jpg/index.html",
            "/foo/bar.jpg               ¦ http://example.com/foo/bar.jpg            ¦ /srv/index.html",
            "example.com/foo            ¦ http://example.com/foo/bar                ¦ /srv/bar /srv/bar/index.html",
            "example.com/foo            ¦ http://example.com/foo/bar/               ¦ /srv/bar /srv/bar/index.html",
            "example.com/foo            ¦ http://example.com/foo/foo%20bar.jpg      ¦ /srv/foo bar.jpg /srv/foo bar.jpg/index.html /srv/foo_bar.jpg /srv/foo_bar.jpg/index.html",
            "example.com/foo            ¦ http://example.com/foo/fóobår.jpg         ¦ /srv/fóobår.jpg /srv/fóobår.jpg/index.html /srv/f_ob_r.jpg /srv/f_ob_r.jpg/index.html",
            "example/view.php\\?f=(.+)  ¦ http://example/view.php?f=foo.jpg         ¦ /srv/foo.jpg /srv/foo.jpg/index.html",
            "example/(results\\?id=.+)  ¦ http://example/results?id=1&foo=2         ¦ /srv/results?id=1&foo=2 /srv/results?id=1&foo=2/index.html /srv/results_id=1_foo=2 /srv/results_id=1_foo=2/index.html",
            "example.com/foo            ¦ http://example.com/foo/../../../../etc/passwd   ¦ refused",
            "example.com/foo            ¦ http://example.com/foo/%2e%2e/%2e%2e/etc/passwd ¦ refused",
            "example.com/foo            ¦ http://example.com/foo/..%5c..%5cetc      ¦ refused",
            "example.com/foo            ¦ http://example.com/foo/%2fetc/passwd      ¦ refused",
            "example.com/foo            ¦ http://example.com/foo/a%00b              ¦ refused",
            "example.com/foo            ¦ http://example.com/foo/%252e%252e/x       ¦ /srv/%2e%2e/x /srv/%2e%2e/x/index.html /srv/_2e_2e/x /srv/_2e_2e/x/index.html",
            "example.com/foo            ¦ http://example.com/foo//etc/passwd        ¦ /srv/etc/passwd /srv/etc/passwd/index.html",
            "example.com/foo            ¦ http://example.com/foo/C:\\foo.txt        ¦ /srv/C:\\foo.txt /srv/C:\\foo.txt/index.html /srv/C__foo.txt /srv/C__foo.txt/index.html",
            "example.com(/.*)           ¦ http://example.com/a/b.css                ¦ /srv/a/b.css /srv/a/b.css/index.html",
            "example.com/x(/y)?         ¦ http://example.com/x                      ¦ /srv/index.html",
            "example.com/foo            ¦ http://example.com/foo/%e9%zz             ¦ /srv/\uFFFD%zz /srv/\uFFFD%zz/index.html /srv/__zz /srv/__zz/index.html",
    })
    void candidatesFollowTheSpecTable(String regex, String url, String expected) {
        assertThat(candidates(regex.strip(), url.strip())).isEqualTo(expected);
    }

    @Test
    void aRegexThatDoesNotMatchHasNoSuffix() {
        MapLocalSpec spec = new MapLocalSpec(new FlowFilter.All(), Regexes.compile("other", 0), SRV);
        assertThat(spec.suffix("http://example.com/foo", null)).isNull();
    }

    @Test
    void aDirectoryWrittenWithATrailingSlashGivesTheSameCandidates(@TempDir Path dir) {
        MapLocalSpec spec = MapLocalSpec.parse(":example.com/foo:" + dir + "/");
        assertThat(spec.localPath()).isEqualTo(dir.toAbsolutePath());
        assertThat(MapLocalSpec.candidates(spec.localPath(), "").paths()).containsExactly(dir.resolve("index.html"));
    }

    @Test
    void theLocalPathIsResolvedThroughSymlinksWhenSet(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThat(MapLocalSpec.parse("|x|" + link).localPath()).isEqualTo(real.toRealPath());
    }

    @Test
    void aTildeIsTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(MapLocalSpec.parse("|x|~").localPath()).isEqualTo(home.toAbsolutePath().normalize());
    }

    @Test
    void badItemsAreRefusedWithTheReason(@TempDir Path dir) {
        assertThatThrownBy(() -> MapLocalSpec.parse("/foo/+/" + dir))
                .hasMessage("Invalid regular expression '+' (Dangling meta character '+')");
        assertThatThrownBy(() -> MapLocalSpec.parse("/foo/.+/" + dir + "/nonexistent"))
                .hasMessage("Invalid file path: " + dir + "/nonexistent (No such file or directory)");
        assertThatThrownBy(() -> MapLocalSpec.parse("|" + dir))
                .hasMessage("Invalid number of parameters (2 or 3 are expected)");
    }

    @Test
    void percentDecodingIsUtf8AndLeavesMalformedEscapes() {
        List<String[]> rows = List.of(new String[]{"a%20b", "a b"}, new String[]{"%C3%A9", "é"}, new String[]{"%zz%4", "%zz%4"},
                new String[]{"%ff", "\uFFFD"}, new String[]{"%252e", "%2e"});
        for (String[] row : rows) assertThat(MapLocalSpec.percentDecode(row[0])).as(Arrays.toString(row)).isEqualTo(row[1]);
    }
}
