package dev.sluice.filter;

import static dev.sluice.filter.FlowData.isHttp;

import dev.sluice.filter.FlowData.Side;
import dev.sluice.flow.Flow;
import dev.sluice.pattern.Regexes;
import dev.sluice.pattern.UserRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A compiled flow filter expression (filters.md): a predicate over flows, built once by
 * {@link #parse} and then evaluated many times, from any thread. One record per operator, as
 * mitmproxy has one class per operator; {@link #OPERATORS} describes the {@code ~} operators.
 *
 * <p>{@link #toString()} gives a normalised expression (explicit {@code &}, {@code ~u} for bare
 * words, parentheses only where needed, arguments quoted only where needed); parsing it again
 * gives an equal filter.
 */
public sealed interface FlowFilter {

    /** Whether the flow matches. Never throws; a regex over its time budget counts as no match. */
    boolean test(Flow flow);

    /**
     * Compiles a filter expression.
     *
     * @throws FilterException with the message of filters.md §4 for any invalid input
     */
    static FlowFilter parse(String expression) {
        return new FilterParser(expression == null ? "" : expression).parse();
    }

    /** Every {@code ~} operator, ordered by code: the source of the help page and of completion. */
    List<Operator> OPERATORS = List.of(
            Asset.OPERATOR, All.OPERATOR, Body.OPERATOR, RequestBody.OPERATOR, ResponseBody.OPERATOR,
            StatusCode.OPERATOR, Comment.OPERATOR, Domain.OPERATOR, Dns.OPERATOR, Destination.OPERATOR,
            Errored.OPERATOR, Header.OPERATOR, RequestHeader.OPERATOR, ResponseHeader.OPERATOR, Http.OPERATOR,
            Method.OPERATOR, Marked.OPERATOR, Marker.OPERATOR, Meta.OPERATOR, RequestOnly.OPERATOR,
            Replayed.OPERATOR, ClientReplayed.OPERATOR, ServerReplayed.OPERATOR, Responded.OPERATOR,
            Source.OPERATOR, ContentType.OPERATOR, Tcp.OPERATOR, RequestContentType.OPERATOR,
            ResponseContentType.OPERATOR, Url.OPERATOR, Udp.OPERATOR, WebSocket.OPERATOR);

    /**
     * The operands with those of the same kind replaced by their own operands: {@code (a & b) & c}
     * is {@code a & b & c}, so normal forms parse back equal and chains never nest.
     */
    private static <T extends FlowFilter> List<FlowFilter> splice(List<FlowFilter> operands, Class<T> kind,
                                                                 Function<T, List<FlowFilter>> operandsOf) {
        List<FlowFilter> flat = new ArrayList<>();
        for (FlowFilter f : operands) {
            if (kind.isInstance(f)) flat.addAll(operandsOf.apply(kind.cast(f)));
            else flat.add(f);
        }
        return flat;
    }

    // ---------------------------------------------------------------- combinators

    /** {@code !operand}. */
    record Not(FlowFilter operand) implements FlowFilter {
        @Override
        public boolean test(Flow flow) {
            return !operand.test(flow);
        }

        @Override
        public String toString() {
            return "!" + (operand instanceof And || operand instanceof Or ? "(" + operand + ")" : operand);
        }
    }

    /** {@code a & b & ...}, also written by juxtaposition ({@code a b}). */
    record And(List<FlowFilter> operands) implements FlowFilter {
        public And {
            operands = List.copyOf(operands);
        }

        /** The conjunction, nested conjunctions spliced in; a single operand stands alone. */
        static FlowFilter of(List<FlowFilter> operands) {
            return operands.size() == 1 ? operands.get(0) : new And(splice(operands, And.class, And::operands));
        }

        @Override
        public boolean test(Flow flow) {
            for (int i = 0; i < operands.size(); i++) {
                if (!operands.get(i).test(flow)) return false;
            }
            return true;
        }

        @Override
        public String toString() {
            return operands.stream().map(f -> f instanceof Or ? "(" + f + ")" : f.toString())
                    .collect(Collectors.joining(" & "));
        }
    }

    /** {@code a | b | ...}. */
    record Or(List<FlowFilter> operands) implements FlowFilter {
        public Or {
            operands = List.copyOf(operands);
        }

        /** The disjunction, nested disjunctions spliced in; a single operand stands alone. */
        static FlowFilter of(List<FlowFilter> operands) {
            return operands.size() == 1 ? operands.get(0) : new Or(splice(operands, Or.class, Or::operands));
        }

        @Override
        public boolean test(Flow flow) {
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).test(flow)) return true;
            }
            return false;
        }

        @Override
        public String toString() {
            // '&' binds tighter than '|', so conjunctions need no parentheses here.
            return operands.stream().map(FlowFilter::toString).collect(Collectors.joining(" | "));
        }
    }

    // ---------------------------------------------------------------- operators without argument

    /** {@code ~all}. */
    record All() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~all", "Match all flows", All::new);

        @Override
        public boolean test(Flow flow) {
            return true;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~http}: HTTP flows, WebSocket upgrades included. */
    record Http() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~http", "Match HTTP flows", Http::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow);
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~tcp}: raw TCP flows. */
    record Tcp() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~tcp", "Match TCP flows", Tcp::new);

        @Override
        public boolean test(Flow flow) {
            return flow.type() == Flow.Type.TCP;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~dns}: Sluice records no DNS flows, so never true. */
    record Dns() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~dns", "Match DNS flows", Dns::new);

        @Override
        public boolean test(Flow flow) {
            return false;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~udp}: Sluice records no UDP flows, so never true. */
    record Udp() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~udp", "Match UDP flows", Udp::new);

        @Override
        public boolean test(Flow flow) {
            return false;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~websocket}: HTTP flows that upgraded to a WebSocket. */
    record WebSocket() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~websocket", "Match WebSocket flows", WebSocket::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && flow.isWebSocket();
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~q}: HTTP flows without a response. */
    record RequestOnly() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~q", "Match request with no response", RequestOnly::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && flow.response() == null;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~s}: HTTP flows with a response. */
    record Responded() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~s", "Match response", Responded::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && flow.response() != null;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~e}: flows with an error. */
    record Errored() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~e", "Match error", Errored::new);

        @Override
        public boolean test(Flow flow) {
            return flow.error() != null;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~marked}: flows with a non-empty marker. */
    record Marked() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~marked", "Match marked flows", Marked::new);

        @Override
        public boolean test(Flow flow) {
            return !flow.marked().isEmpty();
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~replay}: replays of either kind. */
    record Replayed() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~replay", "Match replayed flows", Replayed::new);

        @Override
        public boolean test(Flow flow) {
            return flow.replay() != null;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~replayq}: client-replayed flows. */
    record ClientReplayed() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~replayq", "Match replayed client request", ClientReplayed::new);

        @Override
        public boolean test(Flow flow) {
            return flow.replay() == Flow.Replay.REQUEST;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~replays}: flows answered by server replay. */
    record ServerReplayed() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~replays", "Match replayed server response", ServerReplayed::new);

        @Override
        public boolean test(Flow flow) {
            return flow.replay() == Flow.Replay.RESPONSE;
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    /** {@code ~a}: responses whose Content-Type is a script, stylesheet, image or font. */
    record Asset() implements FlowFilter {
        static final Operator OPERATOR = Operator.flag("~a", "Match asset in response: CSS, JavaScript, images, fonts.", Asset::new);
        private static final UserRegex ASSET_TYPES = Regexes.compile(
                "text/javascript|application/x-javascript|application/javascript|text/css|image/.*|font/.*|application/font.*",
                Operator.BYTE_REGEX | Pattern.CASE_INSENSITIVE);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && FlowData.contentTypeMatches(ASSET_TYPES, flow.response(), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.code();
        }
    }

    // ---------------------------------------------------------------- operators with an argument

    /** {@code ~h regex}: the request or the response header block. */
    record Header(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~h", "Header", Operator.HEADER_REGEX, Header::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.headersMatch(regex, flow, Side.EITHER);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~hq regex}: the request header block. */
    record RequestHeader(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~hq", "Request header", Operator.HEADER_REGEX, RequestHeader::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.headersMatch(regex, flow, Side.REQUEST);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~hs regex}: the response header block. */
    record ResponseHeader(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~hs", "Response header", Operator.HEADER_REGEX, ResponseHeader::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.headersMatch(regex, flow, Side.RESPONSE);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~t regex}: a request or response Content-Type value. */
    record ContentType(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~t", "Content-type header", Operator.BYTE_REGEX, ContentType::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.contentTypeMatches(regex, flow, Side.EITHER);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~tq regex}: a request Content-Type value. */
    record RequestContentType(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~tq", "Request Content-Type header", Operator.BYTE_REGEX, RequestContentType::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.contentTypeMatches(regex, flow, Side.REQUEST);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~ts regex}: a response Content-Type value. */
    record ResponseContentType(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~ts", "Response Content-Type header", Operator.BYTE_REGEX, ResponseContentType::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.contentTypeMatches(regex, flow, Side.RESPONSE);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~b regex}: either decoded body, or any WebSocket or TCP message. */
    record Body(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~b", "Body", Operator.BODY_REGEX, Body::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.bodyMatches(regex, flow, Side.EITHER);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~bq regex}: the decoded request body, or a client WebSocket or TCP message. */
    record RequestBody(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~bq", "Request body", Operator.BODY_REGEX, RequestBody::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.bodyMatches(regex, flow, Side.REQUEST);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~bs regex}: the decoded response body, or a server WebSocket or TCP message. */
    record ResponseBody(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~bs", "Response body", Operator.BODY_REGEX, ResponseBody::new);

        @Override
        public boolean test(Flow flow) {
            return FlowData.bodyMatches(regex, flow, Side.RESPONSE);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~m regex}: the request method. */
    record Method(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~m", "Method", Operator.BYTE_REGEX, Method::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && flow.request() != null && regex.find(flow.request().method(), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~d regex}: the connection host or the pretty host. */
    record Domain(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~d", "Domain", Operator.TEXT_REGEX, Domain::new);

        @Override
        public boolean test(Flow flow) {
            var request = flow.request();
            if (!isHttp(flow) || request == null) return false;
            String host = request.host();
            if (host != null && regex.find(host, flow)) return true;
            String prettyHost = request.prettyHost();
            return prettyHost != null && !prettyHost.equals(host) && regex.find(prettyHost, flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~u regex}, or a bare regex: the pretty URL. */
    record Url(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~u", "URL", Operator.TEXT_REGEX, Url::new);

        @Override
        public boolean test(Flow flow) {
            return isHttp(flow) && flow.request() != null && regex.find(flow.request().prettyUrl(), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~src regex}: {@code <client ip>:<client port>}. */
    record Source(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~src", "Match source address", Operator.TEXT_REGEX, Source::new);

        @Override
        public boolean test(Flow flow) {
            String address = FlowData.source(flow);
            return address != null && regex.find(address, flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~dst regex}: {@code <server host>:<server port>} as requested. */
    record Destination(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~dst", "Match destination address", Operator.TEXT_REGEX, Destination::new);

        @Override
        public boolean test(Flow flow) {
            String address = FlowData.destination(flow);
            return address != null && regex.find(address, flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~meta regex}: the metadata rendered as {@code key: value} lines. */
    record Meta(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~meta", "Flow metadata", Operator.MULTILINE_TEXT_REGEX, Meta::new);

        @Override
        public boolean test(Flow flow) {
            return regex.find(FlowData.metadataText(flow), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~marker regex}: the marker string. */
    record Marker(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~marker", "Match marked flows with specified marker", Operator.TEXT_REGEX, Marker::new);

        @Override
        public boolean test(Flow flow) {
            return regex.find(flow.marked(), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~comment regex}: the comment. */
    record Comment(UserRegex regex) implements FlowFilter {
        static final Operator OPERATOR = Operator.regex("~comment", "Flow comment", Operator.MULTILINE_TEXT_REGEX, Comment::new);

        @Override
        public boolean test(Flow flow) {
            return regex.find(flow.comment(), flow);
        }

        @Override
        public String toString() {
            return OPERATOR.render(regex.source());
        }
    }

    /** {@code ~c 404} or {@code ~c 4xx}: the response status lies in {@code [first, last]}. */
    record StatusCode(int first, int last) implements FlowFilter {
        static final Operator OPERATOR = Operator.withArgument("~c", "HTTP response code", StatusCode::parse);

        static StatusCode parse(String argument) {
            if (argument.matches("[1-5][xX][xX]")) {
                int hundreds = (argument.charAt(0) - '0') * 100;
                return new StatusCode(hundreds, hundreds + 99);
            }
            if (argument.matches("[0-9]{1,9}")) {
                int code = Integer.parseInt(argument);
                return new StatusCode(code, code);
            }
            throw new Operator.BadArgument("~c expects a status code or a class like 2xx: " + argument);
        }

        @Override
        public boolean test(Flow flow) {
            var response = flow.response();
            return isHttp(flow) && response != null && response.statusCode() >= first && response.statusCode() <= last;
        }

        @Override
        public String toString() {
            return OPERATOR.code() + " " + (first == last ? Integer.toString(first) : first / 100 + "xx");
        }
    }
}
