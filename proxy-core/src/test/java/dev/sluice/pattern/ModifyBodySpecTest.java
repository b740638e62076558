package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** modify_body items: escape-decoded byte regexes, literal replacements (features.md §7). */
class ModifyBodySpecTest {

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The body after the rule, as hex; "unchanged" when nothing matched. */
    private static String apply(String item, byte[] body) throws IOException {
        ModifyBodySpec spec = ModifyBodySpec.parse(item);
        byte[] out = spec.replaceAll(body, spec.replacement().read(), null);
        return out == null ? "unchanged" : HexFormat.of().formatHex(out);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', value = {
            // item ¦ body ¦ result, as text
            "/~q/foo/bar                 ¦ a foo foo      ¦ a bar bar",
            "/~s/\\bcat\\b/dog           ¦ cat concatenate ¦ dog concatenate",
            "/~s/{\"a\":/{\"b\":         ¦ {\"a\":1}      ¦ {\"b\":1}",
            "/~s/a.b/X                   ¦ `a\nb`         ¦ X",
            "/~s/\\d+/#                  ¦ a1b22          ¦ a#b#",
            "/~s/é/e                     ¦ café           ¦ cafe",
            "/~s/\\xc3\\xa9/e            ¦ café           ¦ cafe",
            "/~s/\\\\./!                 ¦ a.b            ¦ a!b",
            "/~s/o/$0\\\\1               ¦ o              ¦ $0\\1",
            "one/two/three               ¦ ne/tw          ¦ /three",
    })
    void replacesEveryMatchLiterally(String item, String body, String expected) throws IOException {
        assertThat(apply(item, body.getBytes(StandardCharsets.UTF_8))).isEqualTo(hex(expected));
    }

    @Test
    void escapesInTheReplacementBecomeBytes() throws IOException {
        assertThat(apply("/~q/foo/bar\\x00", "foo".getBytes(StandardCharsets.UTF_8))).isEqualTo("62617200");
        assertThat(apply("/~s/foo/bar\\n", "foo".getBytes(StandardCharsets.UTF_8))).isEqualTo("6261720a");
        // \1 is the byte 0x01 after decoding, not a group reference
        assertThat(apply("/~s/(\\w+)@x/\\1@y", "me@x".getBytes(StandardCharsets.UTF_8))).isEqualTo("014079");
    }

    @Test
    void aHighByteEscapeMatchesThatByte() throws IOException {
        assertThat(apply("/\\xff/!", new byte[]{'a', (byte) 0xff})).isEqualTo("6121");
    }

    @Test
    void aBodyWithoutMatchIsUnchanged() throws IOException {
        assertThat(apply("/x/y", "abc".getBytes(StandardCharsets.UTF_8))).isEqualTo("unchanged");
    }

    @Test
    void anAtFileReplacementIsReadOnEveryUse(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("r.txt"), "one");
        ModifyBodySpec spec = ModifyBodySpec.parse(":~q:foo:@" + file);
        assertThat(spec.replacement().read()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, "two\\u0041");
        assertThat(spec.replacement().read()).isEqualTo("two\\u0041".getBytes(StandardCharsets.UTF_8));
        Files.delete(file);
        assertThatThrownBy(() -> spec.replacement().read()).hasMessage("No such file or directory: " + file);
    }

    @Test
    void badItemsAreRefusedWithTheReason(@TempDir Path dir) {
        assertThatThrownBy(() -> ModifyBodySpec.parse("/+/x")).hasMessage("Invalid regular expression '+' (Dangling meta character '+')");
        assertThatThrownBy(() -> ModifyBodySpec.parse("|a|@" + dir + "/nonexistent"))
                .hasMessage("Invalid file path: " + dir + "/nonexistent (No such file or directory)");
        assertThatThrownBy(() -> ModifyBodySpec.parse("|a|@" + dir)).hasMessage("Invalid file path: " + dir + " (Is a directory)");
        assertThatThrownBy(() -> ModifyBodySpec.parse("/a\\x4/b")).hasMessage("invalid \\x escape at position 1");
        assertThatThrownBy(() -> ModifyBodySpec.parse("/")).hasMessage("Invalid number of parameters (2 or 3 are expected)");
    }
}
