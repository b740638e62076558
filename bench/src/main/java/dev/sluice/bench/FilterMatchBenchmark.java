package dev.sluice.bench;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Body;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.ServerConn;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nanoseconds per {@link FlowFilter#test} on a typical request: the filters the proxy evaluates
 * for every flow (intercept, view filter, rules) must stay in the low hundreds of nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterMatchBenchmark {

    private Flow flow;
    private Flow flowWithBody;
    private FlowFilter hostMethodNoResponse;
    private FlowFilter headerRegex;
    private FlowFilter bodyRegex;

    @Setup
    public void setUp() {
        flow = requestFlow(null);
        flowWithBody = requestFlow(hundredKilobytesOfJson());
        hostMethodNoResponse = FlowFilter.parse("~d example\\.com & ~m GET & !~s");
        headerRegex = FlowFilter.parse("~h \"x-api-key: .*\"");
        bodyRegex = FlowFilter.parse("~b \"\\\"token\\\":\\s*\\\"[0-9a-f]{32}\\\"\"");
        // Guard the measurements: each filter must do the work it claims to measure.
        if (!hostMethodNoResponse.test(flow) || !headerRegex.test(flow) || bodyRegex.test(flowWithBody)) {
            throw new IllegalStateException("benchmark filters do not behave as intended");
        }
    }

    /** Host, method and "no response yet", all true: every operand is evaluated. */
    @Benchmark
    public boolean domainMethodAndNotResponded() {
        return hostMethodNoResponse.test(flow);
    }

    /** A header regex that matches the last request header (header block already rendered). */
    @Benchmark
    public boolean headerRegex() {
        return headerRegex.test(flow);
    }

    /**
     * The same after a header change, so the header block is rendered again: what the first
     * filter to look at a message pays (includes the cost of the change, a {@code set}).
     */
    @Benchmark
    public boolean headerRegexAfterHeaderChange() {
        flow.request().headers().set("Connection", "keep-alive");
        return headerRegex.test(flow);
    }

    /** A body regex that does not occur in a 100 KB body: a full scan. */
    @Benchmark
    public boolean bodyRegexOn100KB() {
        return bodyRegex.test(flowWithBody);
    }

    private static Flow requestFlow(byte[] body) {
        Headers headers = Headers.of(
                "Host", "www.example.com",
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language", "en-US,en;q=0.5",
                "Accept-Encoding", "gzip, deflate, br",
                "Connection", "keep-alive",
                "Cookie", "session=0123456789abcdef; theme=dark",
                "X-Api-Key", "k-0123456789");
        Request request = new Request("GET", "https", "www.example.com", 443, "/api/v1/items?page=2", "HTTP/1.1",
                headers, body == null ? null : Body.of(body));
        ClientConn client = new ClientConn(new InetSocketAddress("127.0.0.1", 51234), new InetSocketAddress("127.0.0.1", 8080));
        return new Flow(client, new ServerConn("www.example.com", 443), request, true);
    }

    private static byte[] hundredKilobytesOfJson() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; json.length() < 100 * 1024; i++) {
            json.append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"tags\":[\"a\",\"b\"],\"price\":").append(i * 3 % 97).append(".5},");
        }
        json.setLength(json.length() - 1);
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
