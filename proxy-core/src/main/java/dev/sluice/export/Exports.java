package dev.sluice.export;

import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.io.HarWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** The export formats of console.md §11, each turning one flow into bytes. */
public final class Exports {

    public static final List<String> FORMATS = List.of("curl", "httpie", "raw", "raw_request", "raw_response", "har");

    private Exports() {
    }

    /**
     * @param preserveOriginalIp {@code export_preserve_original_ip}: curl resolves the host to the recorded server address
     * @throws CommandException {@code Can't export flow with no request.} / {@code ... no response.}
     */
    public static byte[] export(String format, Flow flow, boolean preserveOriginalIp) throws CommandException {
        if (flow.request() == null) throw new CommandException("Can't export flow with no request.");
        return switch (format) {
            case "curl" -> utf8(Curl.command(flow, preserveOriginalIp));
            case "httpie" -> utf8(Httpie.command(flow.request()));
            case "raw_request" -> RawHttp.request(flow.request());
            case "raw_response" -> {
                if (flow.response() == null) throw new CommandException("Can't export flow with no response.");
                yield RawHttp.response(flow.response());
            }
            case "raw" -> raw(flow);
            case "har" -> HarWriter.document(List.of(flow.snapshot()));
            default -> throw new CommandException("Unknown export format: " + format);
        };
    }

    /** The request, a blank line, then the response (when there is one), as mitmproxy writes it. */
    private static byte[] raw(Flow flow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawHttp.request(flow.request()));
        if (flow.response() != null) {
            out.writeBytes(new byte[]{'\r', '\n', '\r', '\n'});
            out.writeBytes(RawHttp.response(flow.response()));
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
