package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificatesTest {
    @ParameterizedTest
    @CsvSource({
            "2026-11-27T04:55:31.789Z, 261127045531Z",
            "1950-01-01T00:00:00Z,     500101000000Z",
            "2049-12-31T23:59:59Z,     491231235959Z",
            "2050-01-01T00:00:00Z,     20500101000000Z",
            "1949-12-31T23:59:59Z,     19491231235959Z",
    })
    void validityTimesAreEncodedAsBouncyCastleEncodesThem(String instant, String expected) throws Exception {
        Instant at = Instant.parse(instant);

        Time time = Certificates.validityTime(at);

        byte[] der = time.getEncoded();
        assertThat(new String(der, 2, der.length - 2, StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(der[0]).as("UTCTime (23) before 2050, GeneralizedTime (24) after").isEqualTo((byte) (expected.length() == 13 ? 23 : 24));
        assertThat(time.getEncoded()).isEqualTo(new Time(Date.from(at)).getEncoded());
        assertThat(time.getDate()).isEqualTo(Date.from(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }
}
