package dev.sluice.command;

import dev.sluice.Sluice;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Message;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.StatusCodes;
import dev.sluice.flow.Url;
import java.util.List;
import java.util.Locale;

/**
 * The commands that change flows in place (console.md §8, Flows): {@code flow.set},
 * {@code flow.decode}, {@code flow.encode}, {@code flow.encode.toggle} and {@code flow.revert}.
 * Every change goes through {@link FlowEdits}, so a flow in flight is refused unless it is
 * intercepted and the original stays restorable.
 */
public final class FlowEditCommands {

    public static final List<String> ATTRIBUTES = List.of("host", "status_code", "method", "path", "url", "reason");
    public static final List<String> PARTS = List.of("request", "response");
    public static final List<String> ENCODINGS = List.of("gzip", "deflate", "br", "zstd");

    private final Sluice sluice;

    private FlowEditCommands(Sluice sluice) {
        this.sluice = sluice;
    }

    public static void register(CommandRegistry registry, Sluice sluice) {
        FlowEditCommands c = new FlowEditCommands(sluice);
        Command.Param flows = Command.Param.of("flows", ArgType.FLOWS);
        Command.Param part = Command.Param.choice("part", PARTS);
        registry.register("flow.set", List.of(flows, Command.Param.choice("attr", ATTRIBUTES), Command.Param.of("value", ArgType.STR)), null,
                "Quickly set a number of common values on flows.",
                args -> c.set(CommandRegistry.flowsArg(args.get(0)), (String) args.get(1), (String) args.get(2)));
        registry.register("flow.set.options", List.of(), "str[]", "The attributes flow.set can change.", args -> ATTRIBUTES);
        registry.register("flow.decode", List.of(flows, part), null, "Decode flows.",
                args -> c.decode(CommandRegistry.flowsArg(args.get(0)), (String) args.get(1)));
        registry.register("flow.encode", List.of(flows, part, Command.Param.choice("encoding", ENCODINGS)), null,
                "Encode flows with a specified encoding (only bodies not encoded yet).",
                args -> c.encode(CommandRegistry.flowsArg(args.get(0)), (String) args.get(1), (String) args.get(2)));
        registry.register("flow.encode.options", List.of(), "str[]", "The encodings flow.encode offers.", args -> ENCODINGS);
        registry.register("flow.encode.toggle", List.of(flows, part), null, "Toggle flow encoding on and off, using deflate for encoding.",
                args -> c.toggle(CommandRegistry.flowsArg(args.get(0)), (String) args.get(1)));
        registry.register("flow.revert", List.of(flows), null, "Revert flow changes.",
                args -> c.revert(CommandRegistry.flowsArg(args.get(0))));
    }

    private Object set(List<Flow> flows, String attr, String value) throws CommandException {
        int status = attr.equals("status_code") ? statusCode(value) : 0;
        if (attr.equals("url")) {
            try {
                Url.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandException("URL '" + value + "' is invalid: " + e.getMessage());
            }
        }
        boolean responsePart = attr.equals("status_code") || attr.equals("reason");
        FlowEdits.checkEditable(flows);
        int n = 0;
        for (Flow f : flows) {
            if (f.request() == null) continue;
            Message m = FlowEdits.begin(f, responsePart ? FlowEdits.Part.RESPONSE : FlowEdits.Part.REQUEST);
            switch (attr) {
                case "method" -> ((Request) m).setMethod(value.toUpperCase(Locale.ROOT));
                case "host" -> {
                    Request r = (Request) m;
                    r.setHost(value);
                    followingHostHeader(r);
                }
                case "path" -> ((Request) m).setPath(value);
                case "url" -> {
                    Request r = (Request) m;
                    r.setUrl(value);
                    followingHostHeader(r);
                }
                case "status_code" -> {
                    Response r = (Response) m;
                    r.setStatusCode(status);
                    if (StatusCodes.isKnown(status)) r.setReason(StatusCodes.reason(status));
                }
                case "reason" -> ((Response) m).setReason(value);
                default -> throw new IllegalStateException(attr); // the registry admits only ATTRIBUTES
            }
            sluice.flows().update(f);
            n++;
        }
        sluice.log().alert("Set " + attr + " on " + n + " flows.");
        return null;
    }

    private static int statusCode(String value) throws CommandException {
        int status;
        try {
            status = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandException("Status code is not an integer: " + value);
        }
        // the status line carries exactly three digits
        if (status < 100 || status > 999) throw new CommandException("Status code out of range (100-999): " + value);
        return status;
    }

    /** A Host header, when the request has one, names the new host (as mitmproxy keeps them in step). */
    private static void followingHostHeader(Request r) {
        if (r.headers().contains("host")) r.headers().set("Host", new Url(r.scheme(), r.host(), r.port(), r.path()).authority());
    }

    private Object decode(List<Flow> flows, String part) throws CommandException {
        FlowEdits.checkEditable(flows);
        for (Flow f : flows) {
            Message m = part(f, part);
            if (m == null) continue;
            try {
                m.content(); // a body that cannot be decoded fails before the backup marks the flow modified
                FlowEdits.begin(f, editPart(part));
                m.decode();
            } catch (ContentEncoding.DecodeException e) {
                throw new CommandException("Cannot decode the " + part + " of " + f.request() + ": " + e.getMessage());
            }
            sluice.flows().update(f);
        }
        return null;
    }

    private Object encode(List<Flow> flows, String part, String encoding) throws CommandException {
        FlowEdits.checkEditable(flows);
        for (Flow f : flows) {
            Message m = part(f, part);
            if (m == null || !ContentEncoding.isIdentity(m.headers().get("content-encoding"))) continue;
            FlowEdits.begin(f, editPart(part));
            m.encode(encoding);
            sluice.flows().update(f);
        }
        return null;
    }

    /** identity ↔ deflate: an encoded body is decoded, an unencoded one deflated. */
    private Object toggle(List<Flow> flows, String part) throws CommandException {
        FlowEdits.checkEditable(flows);
        for (Flow f : flows) {
            Message m = part(f, part);
            if (m == null) continue;
            if (ContentEncoding.isIdentity(m.headers().get("content-encoding"))) encode(List.of(f), part, "deflate");
            else decode(List.of(f), part);
        }
        return null;
    }

    private Object revert(List<Flow> flows) {
        int n = 0;
        for (Flow f : flows) {
            if (!f.revert()) continue;
            sluice.flows().update(f);
            n++;
        }
        sluice.log().alert("Reverted " + n + " flows.");
        return null;
    }

    /** The message a part names, or null when the flow lacks it or its body (streamed or not kept). */
    private static Message part(Flow f, String part) {
        Message m = part.equals("request") ? f.request() : f.response();
        return m == null || m.body() == null ? null : m;
    }

    private static FlowEdits.Part editPart(String part) {
        return part.equals("request") ? FlowEdits.Part.REQUEST : FlowEdits.Part.RESPONSE;
    }
}
