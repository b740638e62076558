package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Body;
import dev.sluice.flow.Headers;
import dev.sluice.flow.HttpDates;
import dev.sluice.flow.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The refresh arithmetic of features.md §11, one row per case. */
class ResponseRefreshTest {

    /** Recorded at this instant; replayed one hour and a half second later. */
    private static final double RECORDED = Instant.parse("2015-10-21T07:28:00Z").getEpochSecond();
    private static final double DELTA = 3600.5;

    private static Response recorded(String... headers) {
        Response r = new Response("HTTP/1.1", 200, "OK", Headers.of(headers), Body.EMPTY);
        r.setTimestampStart(RECORDED);
        return r;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Date          | Wed, 21 Oct 2015 07:28:00 GMT       | Wed, 21 Oct 2015 08:28:00 GMT",
            "Expires       | Thu, 22 Oct 2015 07:28:00 GMT       | Thu, 22 Oct 2015 08:28:00 GMT",
            "Last-Modified | Wed, 21 Oct 2015 07:28:00 +0200     | Wed, 21 Oct 2015 06:28:00 GMT",
            "Last-Modified | Wednesday, 21-Oct-15 07:28:00 GMT   | Wed, 21 Oct 2015 08:28:00 GMT",
            "Date          | Wed Oct 21 07:28:00 2015            | Wed, 21 Oct 2015 08:28:00 GMT",
            "Date          | Wed, 21 Oct 2015 23:30:00 GMT       | Thu, 22 Oct 2015 00:30:00 GMT",
            "Expires       | 0                                   | 0",
            "Expires       | -1                                  | -1",
            "Expires       | garbage                             | garbage"})
    void datesKeepTheirOffsetFromTheRecordingTime(String name, String value, String expected) {
        Response r = ResponseRefresh.refreshed(recorded(name, value), RECORDED + DELTA);
        assertThat(r.headers().getAll(name)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a=b; Secure                                                              | a=b; Secure",
            "x=1; Max-Age=60                                                          | x=1; Max-Age=60",
            "id=1; expires=Wed, 13-Jan-2021 22:23:01 GMT; Path=/; HttpOnly           | id=1; expires=Wed, 13 Jan 2021 23:23:01 GMT; Path=/; HttpOnly",
            "id=1;Expires=Wed, 13 Jan 2021 22:23:01 GMT                               | id=1;Expires=Wed, 13 Jan 2021 23:23:01 GMT",
            "id=\"q\"; EXPIRES = Wed, 13 Jan 2021 22:23:01 GMT ;  Secure              | id=\"q\"; EXPIRES = Wed, 13 Jan 2021 23:23:01 GMT ;  Secure",
            "a=1; expires=Wed, 13 Jan 2021 22:23:01 GMT, b=2; expires=Thu, 14 Jan 2021 22:23:01 GMT | a=1; expires=Wed, 13 Jan 2021 23:23:01 GMT, b=2; expires=Thu, 14 Jan 2021 23:23:01 GMT",
            "a=1; expires=soon; Path=/                                                | a=1; expires=soon; Path=/",
            "myexpires=Wed, 13 Jan 2021 22:23:01 GMT                                  | myexpires=Wed, 13 Jan 2021 22:23:01 GMT"})
    void onlyTheDateTextOfSetCookieExpiresChanges(String line, String expected) {
        Response r = ResponseRefresh.refreshed(recorded("Set-Cookie", line), RECORDED + DELTA);
        assertThat(r.headers().fields()).containsExactly(new Headers.Field("Set-Cookie", expected));
    }

    @Test
    void severalDateHeadersBecomeOneAndTheRecordingIsUntouched() {
        Response original = recorded("Date", "Wed, 21 Oct 2015 07:28:00 GMT", "Server", "x", "date", "junk",
                "Set-Cookie", "a=1; expires=Wed, 21 Oct 2015 07:28:00 GMT", "Set-Cookie", "b=2");
        Response r = ResponseRefresh.refreshed(original, RECORDED + DELTA);
        assertThat(r.headers().fields()).containsExactly(new Headers.Field("Date", "Wed, 21 Oct 2015 08:28:00 GMT"),
                new Headers.Field("Server", "x"), new Headers.Field("Set-Cookie", "a=1; expires=Wed, 21 Oct 2015 08:28:00 GMT"),
                new Headers.Field("Set-Cookie", "b=2"));
        assertThat(original.headers().getAll("date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT", "junk");
    }

    @Test
    void aDateRecordedAnHourAgoIsAboutNow() {
        double now = System.currentTimeMillis() / 1000.0;
        Response r = recorded("Date", HttpDates.format(Instant.ofEpochSecond((long) now - 3600)));
        r.setTimestampStart(now - 3600);
        Instant refreshed = HttpDates.parse(ResponseRefresh.refreshed(r, now).headers().get("Date"));
        assertThat(Math.abs(refreshed.getEpochSecond() - now)).isLessThanOrEqualTo(1.0);
        assertThat(List.of(HttpDates.format(Instant.parse("2015-10-22T05:28:00Z")))).containsExactly("Thu, 22 Oct 2015 05:28:00 GMT");
    }
}
