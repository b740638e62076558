package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** map_remote items and URL rewriting (features.md §6, options-and-patterns.md §11.2). */
class MapRemoteSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
            // item ¦ URL ¦ rewritten
            "|.*\\.jpg$|https://placedog.net/640/480?random ¦ http://example.com/a/b.jpg ¦ https://placedog.net/640/480?random",
            ":example.org/images/:mitmproxy.org/img/ ¦ https://example.org/images/test.jpg ¦ https://mitmproxy.org/img/test.jpg",
            "|http://[^/]+|http://example.com:4444 ¦ http://other.org/p?q ¦ http://example.com:4444/p?q",
            "|https://(?P<h>[a-z]+)\\.example\\.com/|https://example.com/\\g<h>/ ¦ https://api.example.com/x ¦ https://example.com/api/x",
            "|https://([a-z]+)\\.example\\.com/|https://example.com/\\1/ ¦ https://api.example.com/x ¦ https://example.com/api/x",
            "|/old|/new$1 ¦ http://h/old ¦ http://h/new$1",
            "|a|b ¦ http://h/aaa ¦ http://h/bbb",
            "|nomatch|x ¦ http://h/a ¦ http://h/a",
    })
    void replacesEveryMatchInTheUrl(String item, String url, String expected) {
        assertThat(MapRemoteSpec.parse(item).rewrite(url, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
            "|(a+)|\\2    ¦ invalid group reference 2",
            "|(a)|\\g<b>  ¦ invalid group reference b",
            "|+|x         ¦ Invalid regular expression '+' (Dangling meta character '+')",
            "|x           ¦ Invalid number of parameters (2 or 3 are expected)",
            "|~b|x|y      ¦ Invalid filter expression: '~b' (at 1: ~b needs an argument)",
    })
    void badItemsAreRefusedWhenParsed(String item, String message) {
        assertThatThrownBy(() -> MapRemoteSpec.parse(item)).hasMessage(message);
    }
}
