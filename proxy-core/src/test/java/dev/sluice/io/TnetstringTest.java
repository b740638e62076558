package dev.sluice.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tnetstring codec and its bounds (flowfiles.md §4.1, security.md §8). */
class TnetstringTest {

    private static Object read(String s) throws Exception {
        return Tnetstring.readRecord(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void valuesRoundTripWithTheirTypes() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", new byte[]{0, (byte) 0xff});
        m.put("text", "übér");
        m.put("int", -12L);
        m.put("float", 1795727477.0);
        m.put("true", true);
        m.put("null", null);
        m.put("list", List.of(1L, "x"));
        byte[] encoded = Tnetstring.encode(m);
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).contains("12:1795727477.0^", "3:-12#", "4:true!", "0:~");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Tnetstring.readRecord(new ByteArrayInputStream(encoded));
        assertThat((byte[]) back.get("bytes")).containsExactly(0, 0xff);
        assertThat(back).containsEntry("text", "übér").containsEntry("int", -12L).containsEntry("float", 1795727477.0)
                .containsEntry("true", true).containsEntry("null", null).containsEntry("list", List.of(1L, "x"));
        assertThat(back.keySet()).containsExactlyElementsOf(m.keySet());
    }

    @Test
    void byteStringKeysOfOldFilesAreAccepted() throws Exception {
        Map<?, ?> m = (Map<?, ?>) read("8:1:k,1:v,}");
        assertThat(m.containsKey("k")).isTrue();
        assertThat((byte[]) m.get("k")).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1234567890123:x,|not a tnetstring: absurdly large length prefix",
            "abc|not a tnetstring: missing or invalid length prefix",
            "3:abc?|unknown type tag: 63",
            "99999999:short,|truncated: the file ends inside a value",
            "5:ab|truncated: the file ends inside a value",
            "3:1:a]|not a tnetstring: invalid length prefix (beyond its container)",
            "3:abc#|not a tnetstring: invalid integer literal: abc",
            "4:true~|not a tnetstring: invalid null literal"})
    void damageIsReportedWithItsReason(String input, String reason) {
        assertThatThrownBy(() -> read(input)).isInstanceOf(Tnetstring.Malformed.class).hasMessage(reason);
    }

    @Test
    void aThirteenDigitPrefixIsRejectedWithoutReadingFurther() {
        int[] reads = new int[1];
        InputStream in = new ByteArrayInputStream("9999999999999:".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read() {
                reads[0]++;
                return super.read();
            }
        };
        assertThatThrownBy(() -> Tnetstring.readRecord(in)).hasMessage("not a tnetstring: absurdly large length prefix");
        assertThat(reads[0]).isEqualTo(13);
    }

    @Test
    void aHugeAnnouncedSizeOnAShortFileCostsNoMoreThanTheFile() {
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> read("2000000000:" + "x".repeat(100)))
                .hasMessage("truncated: the file ends inside a value");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(200L << 20);
    }

    @Test
    void nestingDeeperThan64LevelsIsRejected() {
        String value = "0:]";
        for (int i = 0; i < 64; i++) value = value.length() + ":" + value + "]";
        String deep = value;
        assertThatThrownBy(() -> read(deep)).hasMessage("nesting deeper than 64 levels");
        String ok = "0:]";
        for (int i = 0; i < 63; i++) ok = ok.length() + ":" + ok + "]";
        String fine = ok;
        org.assertj.core.api.Assertions.assertThatCode(() -> read(fine)).doesNotThrowAnyException();
    }

    @Test
    void theEndBetweenTwoValuesIsACleanEnd() throws Exception {
        InputStream in = new ByteArrayInputStream("0:~0:~".getBytes(StandardCharsets.US_ASCII));
        assertThat(Tnetstring.readRecord(in)).isNull();
        assertThat(Tnetstring.readRecord(in)).isNull();
        assertThat(Tnetstring.readRecord(in)).isSameAs(Tnetstring.END);
    }

    @Test
    void randomBytesCauseNothingButTheMalformedError() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (i % 2 == 0 && b.length > 2) b[0] = (byte) ('0' + random.nextInt(10));
            try {
                Tnetstring.readRecord(new ByteArrayInputStream(b));
            } catch (Tnetstring.Malformed expected) {
                // the only failure allowed
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("input " + Arrays.toString(b) + " caused " + e, e);
            }
        }
    }
}
