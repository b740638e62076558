package dev.sluice.tui.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.Body;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentViewsTest {

    private static ContentViews.Rendered render(String contentType, byte[] body, String mode) {
        return ContentViews.render(new ContentView.Input(body, contentType, null), mode, new ArrayList<>());
    }

    private static ContentViews.Rendered render(String contentType, String body, String mode) {
        return render(contentType, body.getBytes(StandardCharsets.UTF_8), mode);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "application/json;                  {\"a\":1};            JSON (auto)",
            "application/problem+json;          {};                   JSON (auto)",
            "text/html;                         <p>x</p>;             XML/HTML (auto)",
            "application/xml;                   <a/>;                 XML/HTML (auto)",
            "application/x-www-form-urlencoded; a=1;                  Url-encoded (auto)",
            "text/plain;                        hello;                Raw (auto)",
            ";                                  [1, 2];               JSON (auto)",
            "application/json;                  not json;             Raw [couldn't parse as json: invalid JSON]"})
    void autoPicksTheViewFromTheContentTypeThenTheData(String type, String body, String description) {
        assertThat(render(type == null ? null : type, body, "auto").description()).isEqualTo(description);
    }

    @Test
    void jsonIsPrettyPrintedWithKeysInOrder() {
        assertThat(render("application/json", "{\"b\":[1,{\"c\":null}],\"a\":\"é\"}", "auto").lines()).containsExactly(
                "{", "    \"b\": [", "        1,", "        {", "            \"c\": null", "        }", "    ],", "    \"a\": \"é\"", "}");
    }

    @Test
    void xmlIsIndentedByNesting() {
        assertThat(render("text/html", "<html><body><p>Hi<br>there</p></body></html>", "auto").lines()).containsExactly(
                "<html>", "  <body>", "    <p>", "      Hi", "      <br>", "      there", "    </p>", "  </body>", "</html>");
    }

    @Test
    void javascriptAndCssAreLaidOutByBracesWithStringsAndParenthesesWhole() {
        assertThat(render("application/javascript", "function f(a){for(i=0;i<3;i++){s=\"{;}\";}return a}", "auto").lines())
                .containsExactly("function f(a){", "    for(i=0;i<3;i++){", "        s=\"{;}\";", "    }", "    return a", "}");
        assertThat(render("text/css", "a{color:red;background:url(data:x;base64,AA)}b{}", "auto").lines())
                .containsExactly("a{", "    color:red;", "    background:url(data:x;base64,AA)", "}", "b{", "}");
    }

    @Test
    void graphqlRequestsShowTheQueryThenTheVariables() {
        ContentViews.Rendered r = render("application/json", "{\"query\":\"query Q($id: ID) {\\n  item(id: $id) { name }\\n}\",\"variables\":{\"id\":7}}", "auto");
        assertThat(r.description()).isEqualTo("GraphQL (auto)");
        assertThat(r.lines()).containsExactly("query Q($id: ID) {", "  item(id: $id) { name }", "}", "", "Variables:", "{", "    \"id\": 7", "}");
    }

    @Test
    void multipartShowsFieldsAndFiles() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nalice\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
        assertThat(render("multipart/form-data; boundary=XyZ", body, "auto").lines())
                .containsExactly("user: alice", "doc: [file a.txt, 5 bytes]");
    }

    @Test
    void imagesShowFormatAndSizeNotPixels() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(7, 3, BufferedImage.TYPE_INT_RGB), "png", png);
        assertThat(render("image/png", png.toByteArray(), "auto").lines())
                .containsExactly("Format: PNG", "Size: 7 x 3 px", "Bytes: " + png.size());
        assertThat(render("image/png", "not an image", "auto").description()).startsWith("Raw [couldn't parse as image");
    }

    @Test
    void hexShowsOffsetsBytesAndPrintableAscii() {
        assertThat(render(null, "HTTP/1.1 200 OK\r\n!", "hex").lines()).containsExactly(
                "0000000000 48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK.",
                "0000000010 0a 21                                             .!");
    }

    @Test
    void queryViewReadsTheRequestQuery() {
        ContentViews.Rendered r = ContentViews.render(new ContentView.Input(new byte[0], null, "q=a+b&x=%2F"), "query", new ArrayList<>());
        assertThat(r.lines()).containsExactly("q: a b", "x: /");
    }

    @ParameterizedTest
    @CsvSource({"gzip", "deflate", "br", "zstd"})
    void messagesAreDecodedFromTheirContentEncoding(String encoding) {
        byte[] plain = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        Response r = new Response("HTTP/1.1", 200, "OK", Headers.of("Content-Type", "application/json", "Content-Encoding", encoding),
                Body.of(ContentEncoding.encode(plain, encoding)));
        ContentViews.Rendered rendered = ContentViews.render(r, "auto");
        assertThat(rendered.description()).isEqualTo("JSON (auto) [decoded " + encoding + "]");
        assertThat(rendered.lines()).containsExactly("{", "    \"ok\": true", "}");
    }

    @Test
    void anUndecodableBodyIsShownRawWithTheReason() {
        Response r = new Response("HTTP/1.1", 200, "OK", Headers.of("Content-Encoding", "gzip"), Body.of("not gzip"));
        assertThat(ContentViews.render(r, "auto").description()).startsWith("Raw (auto) [cannot decode gzip body");
    }

    @Test
    void everyModeIsListedWithAutoFirst() {
        assertThat(ContentViews.NAMES).startsWith("auto").contains("raw", "hex", "json", "xml/html", "javascript", "css",
                "url-encoded", "multipart form", "query", "image", "graphql");
        assertThat(List.copyOf(ContentViews.NAMES)).doesNotHaveDuplicates();
    }

    /** features.md §14: a body kept on disk is shown by its start, never read whole. */
    @Test
    void aBodyOnDiskShowsItsStartAndSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path confdir) throws Exception {
        byte[] text = "line\n".repeat(600_000).getBytes(StandardCharsets.US_ASCII); // 3 MB, past the 1 MiB shown
        try (dev.sluice.flow.BodySpool spool = new dev.sluice.flow.BodySpool(() -> confdir, () -> 64 << 10)) {
            Response r = Response.make(200, new byte[0], Headers.of("Content-Type", "text/plain"));
            r.setBody(spool.read(new java.io.ByteArrayInputStream(text)));
            assertThat(r.body().inMemory()).isFalse();

            ContentViews.Rendered rendered = ContentViews.render(r, "raw");

            assertThat(rendered.description()).contains("[showing the first 1048576 bytes of a 3000000-byte body on disk]");
            assertThat(rendered.lines()).startsWith("line", "line");
        }
    }
}
