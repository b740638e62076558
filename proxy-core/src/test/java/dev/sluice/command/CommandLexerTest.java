package dev.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLexerTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("flow.mark @all true", List.of("flow.mark", "@all", "true")),
                Arguments.of("set block_list=:~d blocked.test:404", List.of("set", "block_list=:~d blocked.test:404")),
                Arguments.of("set intercept=~u /login & ~q  ", List.of("set", "intercept=~u /login & ~q")),
                Arguments.of("set map_local '|a|~/x' '|b|~/y'", List.of("set", "map_local", "|a|~/x", "|b|~/y")),
                Arguments.of("set map_local='|a|~/x' '|b|~/y'", List.of("set", "map_local=", "|a|~/x", "|b|~/y")),
                Arguments.of("set map_remote '|a\\.com|b.com'", List.of("set", "map_remote", "|a\\.com|b.com")),
                Arguments.of("set x '\\\\d'", List.of("set", "x", "\\d")),
                Arguments.of("set block_list=|~u a\\\\.b|404", List.of("set", "block_list=|~u a\\.b|404")),
                Arguments.of("cmd 'a'b", List.of("cmd", "a", "b")),
                Arguments.of("cmd \"unterminated here", List.of("cmd", "unterminated here")),
                Arguments.of("cmd \"it\\\"s\"", List.of("cmd", "it\"s")),
                Arguments.of("set items+=one more", List.of("set", "items+=one more")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void splitsPromptLines(String line, List<String> tokens) {
        assertThat(CommandLexer.split(line)).isEqualTo(tokens);
    }
}
