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
                    type, client, server, request, false, Flow.now());
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
