package dev.sluice.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {

    private Options options;

    @BeforeEach
    void setUp() {
        options = new Options();
        options.register(OptionSpec.bool("flag", false, "a bool"));
        options.register(OptionSpec.integer("count", 1, "an int"));
        options.register(OptionSpec.optionalInt("port", "an optional int"));
        options.register(OptionSpec.str("text", "dflt", "a str"));
        options.register(OptionSpec.optionalStr("maybe", "an optional str"));
        options.register(OptionSpec.size("spill", 4 << 20, "a size"));
        options.register(OptionSpec.optionalSize("limit", "an optional size"));
        options.register(OptionSpec.choice("order", "time", List.of("time", "url"), "a choice"));
        options.register(OptionSpec.list("items", List.of(), "a list"));
    }

    static Stream<Arguments> assignments() {
        return Stream.of(
                Arguments.of("flag", true), Arguments.of("flag=", true), Arguments.of("flag=TRUE", true),
                Arguments.of("flag=False", false),
                Arguments.of("count=42", 42L), Arguments.of("count=+7", 7L), Arguments.of("count=-3", -3L),
                Arguments.of("count=1_000", 1000L),
                Arguments.of("port", null), Arguments.of("port=", null), Arguments.of("port=8081", 8081L),
                Arguments.of("text=", ""), Arguments.of("text=hello world", "hello world"),
                Arguments.of("maybe", null), Arguments.of("maybe=", null), Arguments.of("maybe=x", "x"),
                Arguments.of("spill=10m", 10485760L), Arguments.of("limit=", null), Arguments.of("limit=1.5k", 1536L),
                Arguments.of("order=url", "url"),
                Arguments.of("items", List.of()), Arguments.of("items=", List.of()), Arguments.of("items=a", List.of("a")));
    }

    @ParameterizedTest
    @MethodSource("assignments")
    void convertsTextualAssignments(String spec, Object expected) throws OptionsException {
        options.set(spec);
        String name = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : spec;
        assertThat(options.get(name)).isEqualTo(expected);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("count"), "Failed to parse option count: a value is required"),
                Arguments.of(List.of("count="), "Failed to parse option count: a value is required"),
                Arguments.of(List.of("count=1x"), "Failed to parse option count: not an integer: 1x"),
                Arguments.of(List.of("flag=yes"), "Failed to parse option flag: not a boolean: yes (use true, false or toggle)"),
                Arguments.of(List.of("spill=10q"), "Failed to parse option spill: not a valid size: 10q"),
                Arguments.of(List.of("spill="), "Failed to parse option spill: a value is required"),
                Arguments.of(List.of("text"), "Failed to parse option text: a value is required"),
                Arguments.of(List.of("order=bogus"), "Failed to parse option order: invalid choice: bogus (choose from time, url)"),
                Arguments.of(List.of("text=a", "text=b"), "Failed to parse option text: received multiple values: [a, b]"),
                Arguments.of(List.of("nope=1"), "Unknown option: nope"),
                Arguments.of(List.of("nope=1", "other=2"), "Unknown options: nope, other"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesBadValuesWithTheSpecMessageAndKeepsOldValues(List<String> specs, String message) {
        assertThatThrownBy(() -> options.set(specs)).isInstanceOf(OptionsException.class).hasMessage(message);
        assertThat(options.integer("count")).isEqualTo(1);
        assertThat(options.str("text")).isEqualTo("dflt");
    }

    @Test
    void repeatedValuesFormAList() throws OptionsException {
        options.set("items=a", "items=b");
        assertThat(options.list("items")).containsExactly("a", "b");
    }

    @Test
    void toggleInvertsABoolean() throws OptionsException {
        options.set("flag=toggle");
        assertThat(options.bool("flag")).isTrue();
        options.set("flag=toggle");
        assertThat(options.bool("flag")).isFalse();
    }

    @Test
    void aRefusingConfigurerRollsBackTheWholeTransaction() throws OptionsException {
        List<String> seen = new ArrayList<>();
        options.addConfigurer(changed -> {
            seen.add(changed + "=" + options.integer("count"));
            if (options.integer("count") == 99) throw OptionsException.invalid("count", "ninety-nine is right out");
        });
        assertThatThrownBy(() -> options.set("text=new", "count=99")).hasMessage("Invalid value for count: ninety-nine is right out");
        assertThat(options.str("text")).isEqualTo("dflt");
        assertThat(options.integer("count")).isEqualTo(1);
        assertThat(seen).containsExactly("[text, count]=99", "[text, count]=1");
    }

    @Test
    void settingTheCurrentValueIsNotAChange() throws OptionsException {
        List<Set<String>> events = new ArrayList<>();
        options.addChangeListener(events::add);
        options.set("count=1");
        assertThat(events).isEmpty();
        options.set("count=2");
        assertThat(events).containsExactly(Set.of("count"));
    }

    @Test
    void resetRestoresDefaults() throws OptionsException {
        options.set("count=5", "text=x");
        options.resetOne("count");
        assertThat(options.integer("count")).isEqualTo(1);
        options.reset();
        assertThat(options.str("text")).isEqualTo("dflt");
        assertThatThrownBy(() -> options.resetOne("zzz")).hasMessage("No such option: zzz");
    }
}
