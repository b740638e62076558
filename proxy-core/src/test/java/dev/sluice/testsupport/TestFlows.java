package dev.sluice.testsupport;

import dev.sluice.flow.Body;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.ServerConn;
import dev.sluice.flow.StatusCodes;
import dev.sluice.flow.StreamMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds flows for tests, from the real flow model. Defaults: client 127.0.0.1:51234, server
 * address taken from the URL, no response.
 *
 * <pre>
 * Flow f = TestFlows.http("GET", "https://example.com/api").response(200).responseBody("ok").build();
 * </pre>
 */
public final class TestFlows {

    private static final AtomicLong NEXT_ID = new AtomicLong();

    private TestFlows() {
    }

    /** An HTTP flow for the request; the URL's authority becomes the Host header. */
    public static Builder http(String method, String url) {
        return new Builder(Flow.Type.HTTP, Request.make(method, url, new Headers(), null));
    }

    /** A raw TCP flow to host:port, without request. */
    public static Builder tcp(String host, int port) {
        Builder b = new Builder(Flow.Type.TCP, null);
        b.serverHost = host;
        b.serverPort = port;
        return b;
    }

    /**
     * Flows that use every field the flow files carry: header case and order, a binary and a
     * gzip body, an absent (streamed) body, trailers, timestamps, server facts, an error, a
     * marker, a comment, metadata, a replay mark, a backup, a WebSocket and a TCP flow.
     */
    public static List<Flow> recorded() {
        double t = 1795727477.7085;
        Flow get = http("GET", "http://example.com/index.html?q=a%20b&x").requestHeader("User-Agent", "curl/8.5.0")
                .requestHeader("X-MiXeD-Case", "v\u00e9").response(200).responseHeader("Content-Type", "image/png")
                .responseBody(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff}, null).marked(":default:").comment("a comment")
                .meta("blocklisted", true).meta("nested", Map.of("n", 1L)).build();
        Flow gzip = http("POST", "https://api.example.com:8443/v1/items").requestHeader("Content-Type", "application/json")
                .requestBody(utf8("{\"a\": 1}"), null).response(201).responseHeader("Content-Type", "application/json")
                .responseBody(utf8("{\"created\": true, \"text\": \"\u00fcber\"}"), "gzip").replay(Flow.Replay.REQUEST).build();
        gzip.request().setTrailers(Headers.of("X-Checksum", "abc"));
        gzip.server().setTlsVersion("TLSv1.3");
        gzip.server().setSni("api.example.com");
        gzip.server().setAlpn("http/1.1");
        gzip.server().setCipher("TLS_AES_128_GCM_SHA256");
        Flow streamed = http("GET", "http://example.com/big").response(200).absentResponseBody().build();
        Flow killed = http("GET", "http://example.com/killed").error(FlowError.KILLED).build();
        Flow ws = http("GET", "http://example.com/ws").requestHeader("Upgrade", "websocket").response(101).webSocket()
                .message(true, "hello").message(false, "world").build();
        Flow tcp = tcp("example.com", 22).message(true, "SSH-2.0-x").message(false, "SSH-2.0-y").build();
        int i = 0;
        for (Flow f : List.of(get, gzip, streamed, killed, ws, tcp)) {
            double start = t + i++;
            if (f.request() != null) {
                f.request().setTimestampStart(start);
                f.request().setTimestampEnd(start + 0.001);
            }
            if (f.response() != null) {
                f.response().setTimestampStart(start + 0.0125);
                f.response().setTimestampEnd(start + 0.5);
            }
            if (f.server() != null) {
                f.server().setPeer(new InetSocketAddress("93.184.216.34", f.server().port()));
                f.server().setTimestampStart(start - 0.25);
                f.server().setTimestampTcpSetup(start - 0.125);
                if (f.server().isTls()) f.server().setTimestampTlsSetup(start - 0.0625);
            }
        }
        gzip.backup();
        gzip.response().headers().add("X-Edited", "yes");
        return List.of(get, gzip, streamed, killed, ws, tcp);
    }

    /** Bytes of a UTF-8 string. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private final Flow.Type type;
        private final Request request;
        private Response response;
        private InetSocketAddress clientAddress = new InetSocketAddress("127.0.0.1", 51234);
        private String serverHost;
        private int serverPort;
        private boolean hasServer = true;
        private boolean live;
        private String error;
        private String marker = "";
        private String comment = "";
        private Flow.Replay replay;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private boolean webSocket;
        private final List<StreamMessage> messages = new ArrayList<>();

        private Builder(Flow.Type type, Request request) {
            this.type = type;
            this.request = request;
            if (request != null) {
                serverHost = request.host();
                serverPort = request.port();
            }
        }

        public Builder requestHeader(String name, String value) {
            request.headers().add(name, value);
            return this;
        }

        /** Replaces the Host header (the pretty host) and leaves the connection host alone. */
        public Builder hostHeader(String value) {
            request.headers().set("Host", value);
            return this;
        }

        public Builder requestBody(String utf8) {
            return requestBody(utf8(utf8), null);
        }

        /** A request body, encoded with the given Content-Encoding (null: identity). */
        public Builder requestBody(byte[] plain, String contentEncoding) {
            setBody(request, plain, contentEncoding);
            return this;
        }

        public Builder response(int status) {
            response = new Response("HTTP/1.1", status, StatusCodes.reason(status), new Headers(), Body.EMPTY);
            return this;
        }

        public Builder responseHeader(String name, String value) {
            ensureResponse().headers().add(name, value);
            return this;
        }

        public Builder responseBody(String utf8) {
            return responseBody(utf8(utf8), null);
        }

        /** A response body, encoded with the given Content-Encoding (null: identity). */
        public Builder responseBody(byte[] plain, String contentEncoding) {
            setBody(ensureResponse(), plain, contentEncoding);
            return this;
        }

        /** A response whose body Sluice did not keep (streamed). */
        public Builder absentResponseBody() {
            ensureResponse().setBody(null);
            return this;
        }

        public Builder client(String ip, int port) {
            clientAddress = new InetSocketAddress(ip, port);
            return this;
        }

        public Builder noClientAddress() {
            clientAddress = null;
            return this;
        }

        public Builder server(String host, int port) {
            serverHost = host;
            serverPort = port;
            return this;
        }

        public Builder noServer() {
            hasServer = false;
            return this;
        }

        /** A flow Sluice is proxying right now (built flows are otherwise not live, like loaded ones). */
        public Builder live() {
            live = true;
            return this;
        }

        public Builder error(String message) {
            error = message;
            return this;
        }

        public Builder marked(String marker) {
            this.marker = marker;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public Builder replay(Flow.Replay replay) {
            this.replay = replay;
            return this;
        }

        public Builder meta(String key, Object value) {
            metadata.put(key, value);
            return this;
        }

        /** Marks the flow as upgraded to a WebSocket (HTTP flows). */
        public Builder webSocket() {
            webSocket = true;
            return this;
        }

        /** A WebSocket (after {@link #webSocket()}) or TCP message. */
        public Builder message(boolean fromClient, String utf8) {
            messages.add(new StreamMessage(fromClient, utf8(utf8), Flow.now()));
            return this;
        }

        public Flow build() {
            ClientConn client = new ClientConn(clientAddress, new InetSocketAddress("127.0.0.1", 8080));
            ServerConn server = hasServer ? new ServerConn(serverHost, serverPort) : null;
            Flow flow = new Flow("00000000-0000-4000-8000-" + String.format("%012d", NEXT_ID.incrementAndGet()),
                    type, client, server, request, live, Flow.now());
            flow.setResponse(response);
            if (error != null) flow.setError(FlowError.now(error));
            flow.setMarked(marker);
            flow.setComment(comment);
            flow.setReplay(replay);
            flow.metadata().putAll(metadata);
            flow.setWebSocket(webSocket);
            messages.forEach(flow::addMessage);
            return flow;
        }

        private Response ensureResponse() {
            if (response == null) response(200);
            return response;
        }

        private static void setBody(Message message, byte[] plain, String contentEncoding) {
            if (contentEncoding != null) message.headers().set("Content-Encoding", contentEncoding);
            message.setRawContent(ContentEncoding.encode(plain, contentEncoding));
        }
    }
}
