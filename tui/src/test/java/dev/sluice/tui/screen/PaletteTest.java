package dev.sluice.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaletteTest {

    /** TERM (and NO_COLOR) → colours or attributes only. */
    @ParameterizedTest
    @CsvSource({
            "xterm-256color, false, ANSI16",
            "screen,         false, ANSI16",
            "tmux-256color,  false, ANSI16",
            "linux,          false, ANSI16",
            "xterm-256color, true,  MONO",
            "dumb,           false, MONO",
            "vt100,          false, MONO",
            "vt220,          false, MONO",
            "xterm-mono,     false, MONO",
            ",               false, MONO"})
    void termDecidesBetweenSixteenColoursAndMonochrome(String term, boolean noColor, Palette.ColorMode mode) {
        assertThat(Palette.colorMode(term, noColor)).isEqualTo(mode);
    }

    @ParameterizedTest
    @CsvSource({"dark", "light", "lowdark", "lowlight", "solarized_dark", "solarized_light"})
    void everyPaletteUsesTheSixteenAnsiColoursAndMonochromeUsesAttributesOnly(String name) {
        Palette colours = Palette.of(name, true, Palette.ColorMode.ANSI16);
        Palette mono = Palette.of(name, true, Palette.ColorMode.MONO);
        for (Role role : Role.values()) {
            assertThat(colours.style(role).fg()).isInstanceOf(TextColor.ANSI.class);
            assertThat(mono.style(role).fg()).isEqualTo(TextColor.ANSI.DEFAULT);
            assertThat(mono.style(role).bg()).isEqualTo(TextColor.ANSI.DEFAULT);
        }
        assertThat(mono.style(Role.STATUS_BAR).sgr()).contains(SGR.REVERSE);
    }
}
