package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** modify_headers items: validated names and values (features.md §8). */
class ModifyHeadersSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', value = {
            "/~q/Host/example.org        ¦ Host        ¦ example.org",
            "/~q/Host/                   ¦ Host        ¦ ``",
            "/one/two                    ¦ one         ¦ two",
            "/~q/X-Tab/a\\tb             ¦ X-Tab       ¦ `a\tb`",
            "/~q/X-Utf8/é                ¦ X-Utf8      ¦ Ã©",
            "/~q/X\\x2dY/z               ¦ X-Y         ¦ z",
            "/~q/!#$%&'*+-.^_`|~/v       ¦ !#$%&'*+-.^_`|~ ¦ v",
    })
    void decodesNameAndValue(String item, String name, String value) throws IOException {
        ModifyHeadersSpec spec = ModifyHeadersSpec.parse(item);
        assertThat(spec.name()).isEqualTo(name);
        assertThat(ModifyHeadersSpec.asHeaderText(spec.value().read())).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
            "/~q/X-A/line1\\r\\nX-B: injected ¦ invalid header value (contains CR, LF or NUL)",
            "/~q/X-A/a\\x00b                 ¦ invalid header value (contains CR, LF or NUL)",
            "/~q/X-A/a\\nb                   ¦ invalid header value (contains CR, LF or NUL)",
            "/~q/bad name/x                  ¦ invalid header name 'bad name'",
            "/~q/X:Y/x                       ¦ invalid header name 'X:Y'",
            "/~q/X\\x0aY/x                   ¦ invalid header name 'X\\x0aY'",
            "/~q/é/x                         ¦ invalid header name 'é'",
            "/~q//x                          ¦ invalid header name ''",
            "/~q/X/\\x4                      ¦ invalid \\x escape at position 0",
            "/x                              ¦ Invalid number of parameters (2 or 3 are expected)",
    })
    void badItemsAreRefusedWithTheReason(String item, String message) {
        assertThatThrownBy(() -> ModifyHeadersSpec.parse(item)).hasMessage(message);
    }

    @Test
    void aFileValueMustBeReadableWhenSet(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ua.txt"), "Agent/1\n");
        assertThat(ModifyHeadersSpec.parse("/~q/User-Agent/@" + file).value().readsFile()).isTrue();
        assertThatThrownBy(() -> ModifyHeadersSpec.parse("/~q/User-Agent/@" + dir + "/missing"))
                .hasMessage("Invalid file path: " + dir + "/missing (No such file or directory)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/~b x/A/1,true", "/!~bq x/A/1,true", "/~q & (~h a | ~bs x)/A/1,true", "/~q/A/1,false", "/A/1,false"})
    void knowsWhenAFilterReadsBodies(String item, boolean readsBodies) {
        assertThat(ModifyHeadersSpec.parse(item).filterReadsBodies()).isEqualTo(readsBodies);
    }
}
