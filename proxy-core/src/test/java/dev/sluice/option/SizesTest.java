package dev.sluice.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({"10m,10485760", "1k,1024", "1.5k,1536", "7,7", "'10 MiB',10485760", "10M,10485760", "10MB,10485760",
            "512kb,524288", "1g,1073741824", "' 3 ',3", "1_024,1024", "-5,-5", "1.9b,1"})
    void parsesSizes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "m", "10q", "", "k10", "1..5k"})
    void refusesMalformedSizes(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).hasMessage("not a valid size: " + text);
    }

    @ParameterizedTest
    @CsvSource({"0,0b", "1023,1023b", "1024,1.0k", "1536,1.5k", "102297,99.9k", "102400,100k", "1048575,1023k",
            "1048576,1.0m", "5368709120,5.0g"})
    void formatsSizesInAtMostFiveCharacters(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text).hasSizeLessThanOrEqualTo(5);
    }
}
