package dev.sluice.tui.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.tui.ConsoleFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FlowDetailWindowTest {

    @Test
    void enterOpensTheFlowWithTheRequestTabAndTabSwitchesToTheResponse() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://api.test/items", 200, "application/json", "{\"name\":\"sluice\",\"items\":[1,2]}"));
            f.keys("enter");
            assertThat(f.row(0)).isEqualTo(" Flow Details");
            assertThat(f.row(1)).contains("GET http://api.test/items").endsWith("200 31b 123ms");
            assertThat(f.row(2)).isEqualTo("[Request]  Response   Detail");
            assertThat(f.row(3)).isEqualTo("GET http://api.test/items HTTP/1.1");
            f.keys("tab");
            assertThat(f.row(2)).isEqualTo(" Request  [Response]  Detail");
            assertThat(f.text()).contains("""
                    JSON (auto)
                    {
                        "name": "sluice",
                        "items": [
                            1,
                            2
                        ]
                    }""");
        }
    }

    @Test
    void gzipBodiesAreDecodedBeforeTheContentView() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://api.test/z");
            byte[] gz = ContentEncoding.encode("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "gzip");
            ConsoleFixture.respond(flow, 200, "application/json", gz);
            flow.response().headers().add("Content-Encoding", "gzip");
            f.add(flow).keys("enter", "tab");
            assertThat(f.text()).contains("JSON (auto) [decoded gzip]\n{\n    \"a\": 1\n}");
        }
    }

    @Test
    void aFlowWithoutResponseSaysSo() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://slow.test/")).keys("enter", "l");
            assertThat(f.text()).contains("No response. Press e and edit any aspect to add one.");
        }
    }

    @Test
    void headerValuesWithEscapesAreShownLiterallyAndLongLinesWrap() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://evil.test/", 200, "text/plain", "ok");
            flow.response().headers().add("X-Title", "\u001b]0;pwned\u0007");
            flow.response().headers().add("X-Long", "v".repeat(200));
            f.add(flow).keys("enter", "tab");
            assertThat(f.text()).contains("X-Title: \\x1b]0;pwned\\x07");
            assertThat(f.text()).contains("X-Long: " + "v".repeat(72) + "\n" + "v".repeat(80) + "\n" + "v".repeat(48));
        }
    }

    @Test
    void bodiesAreCutAfterTheLineLimitAndFShowsEverything() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            StringBuilder body = new StringBuilder();
            for (int i = 1; i <= 10; i++) body.append("line ").append(i).append('\n');
            f.add(ConsoleFixture.flow("GET", "http://big.test/", 200, "text/plain", body.toString()));
            f.run("set content_view_lines_cutoff=3").keys("enter", "tab");
            assertThat(f.text()).contains("line 3\nStopped displaying data after 3 lines. Press f to load all data.")
                    .doesNotContain("line 4");
            f.keys("f");
            assertThat(f.text()).contains("line 10").doesNotContain("Stopped displaying");
            f.keys("f");
            assertThat(f.text()).doesNotContain("line 4");
        }
    }

    @Test
    void binaryBodiesWithNulAndEscAreShownInHex() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://bin.test/");
            ConsoleFixture.respond(flow, 200, "application/octet-stream", new byte[]{0, 0x1b, '[', '2', 'J', 0, 0, 0, 1, 2, 3});
            f.add(flow).keys("enter", "tab");
            assertThat(f.text()).contains("Hex (auto)").contains("0000000000 00 1b 5b 32 4a 00 00 00  01 02 03");
        }
    }

    @Test
    void modeKeyOffersTheContentViewsAndTheChoiceSticksToTheTab() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("POST", "http://form.test/", 200, "text/plain", "a=1&b=two%20words"));
            f.keys("enter", "tab", "m");
            assertThat(f.text()).contains("Mode").contains("url-encoded");
            f.keys("8");
            assertThat(f.text()).contains("Url-encoded").contains("a: 1\nb: two words");
            f.keys("tab", "tab", "tab");
            assertThat(f.row(2)).contains("[Response]");
            assertThat(f.text()).contains("a: 1");
        }
    }

    @Test
    void detailTabListsConnectionFactsAndTimings() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://detail.test/", 200, "text/plain", "ok");
            flow.setComment("look here");
            f.add(flow).keys("enter", "h");
            assertThat(f.row(2)).contains("[Detail]");
            assertThat(f.text()).contains("Client Connection", "127.0.0.1:50000", "Server Connection", "detail.test:80",
                    "First request byte:", "Response complete:", "Comment:", "look here");
        }
    }

    @Test
    void headersKeepTheirOrderAndCase() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://h.test/");
            flow.request().setHeaders(Headers.of("X-B", "2", "x-a", "1", "Host", "h.test"));
            f.add(flow).keys("enter");
            assertThat(f.text()).contains("X-B: 2\nx-a: 1\nHost: h.test");
        }
    }

    @Test
    void slashSearchesTheTabAndNMovesBetweenHits() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            StringBuilder body = new StringBuilder();
            for (int i = 1; i <= 100; i++) body.append(i % 40 == 0 ? "needle " + i : "hay " + i).append('\n');
            f.add(ConsoleFixture.flow("GET", "http://s.test/", 200, "text/plain", body.toString())).keys("enter", "tab");
            f.typed.add("console.flowview.search needle");
            f.keys("/");
            assertThat(f.prompts).containsExactly("console.flowview.search |");
            assertThat(f.text()).contains("needle 40").doesNotContain("needle 80");
            f.keys("n");
            assertThat(f.text()).contains("needle 80");
            f.keys("N");
            assertThat(f.text()).contains("needle 40");
            f.run("console.flowview.search nothing-like-this");
            assertThat(f.row(23)).isEqualTo("Search not found.");
        }
    }
}
