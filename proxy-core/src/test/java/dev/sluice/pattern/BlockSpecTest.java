package dev.sluice.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.filter.FlowFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** block_list items (features.md §3). */
class BlockSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
            ":~d google-analytics.com:404 ¦ ~d google-analytics.com ¦ 404",
            "|~u /DATA|500                ¦ ~u /DATA                ¦ 500",
            "/~all/200                    ¦ ~all                    ¦ 200",
            "/~all/999                    ¦ ~all                    ¦ 999",
            ":~d example.com$:444         ¦ ~d example.com$         ¦ 444",
    })
    void parsesFilterAndStatusVerbatim(String item, String filter, int status) {
        BlockSpec spec = BlockSpec.parse(item);
        assertThat(spec.filter()).isEqualTo(FlowFilter.parse(filter));
        assertThat(spec.status()).isEqualTo(status);
        assertThat(spec.hangsUp()).isEqualTo(status == 444);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
            "//404 ¦ 404",
            "::403 ¦ 403",
    })
    void anEmptyFilterBlocksEverything(String item, int status) {
        assertThat(BlockSpec.parse(item)).isEqualTo(new BlockSpec(new FlowFilter.All(), status));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', value = {
            "/~u index.html/TOOMANY/300 ¦ Invalid number of parameters (2 are expected)",
            "/x                         ¦ Invalid number of parameters (2 are expected)",
            "/                          ¦ Invalid number of parameters (2 are expected)",
            ":~d ~d ~d:200              ¦ Invalid filter expression: '~d ~d ~d' (at 1: ~d needs an argument)",
            "/~u index.html/abc         ¦ Invalid HTTP status code: abc",
            "/~all/199                  ¦ Invalid HTTP status code: 199",
            "/~all/1000                 ¦ Invalid HTTP status code: 1000",
            "/~all/ 404                 ¦ Invalid HTTP status code:  404",
            "/~all/                     ¦ `Invalid HTTP status code: `",
            "lalelu                     ¦ Invalid HTTP status code: elu",
    })
    void badItemsAreRefusedWithTheReason(String item, String message) {
        assertThatThrownBy(() -> BlockSpec.parse(item)).hasMessage(message);
    }
}
