package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Body;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.pattern.FileReasons;
import dev.sluice.pattern.MapLocalSpec;
import dev.sluice.pattern.PatternOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * map_local: answers requests with local files instead of contacting the server (features.md §5).
 * Matching happens on the event loop; looking at the file system and reading happen on a worker
 * while the flow is paused, on every request (no caching, so edits show at once).
 */
public final class MapLocal implements Addon {

    private Sluice sluice;
    private Options options;
    private EventLog log;
    private volatile List<MapLocalSpec> rules = List.of();

    /** A rule that applies to the request, with the part of the URL naming the file. */
    private record Mapping(MapLocalSpec rule, String suffix) {
    }

    @Override
    public void load(Sluice sluice) {
        this.sluice = sluice;
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.list("map_local", List.of(), """
                Map remote resources to a local file using a pattern of the form \
                "[/flow-filter]/url-regex/file-or-directory-path", where the separator can be any character."""));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("map_local")) rules = PatternOption.parseAll("map_local", options.list("map_local"), MapLocalSpec::parse);
    }

    @Override
    public void request(Flow flow) {
        if (!Guards.requestOpen(flow)) return;
        String url = flow.request().prettyUrl();
        List<Mapping> mappings = new ArrayList<>();
        for (MapLocalSpec rule : rules) {
            if (!rule.filter().test(flow)) continue;
            String suffix = rule.suffix(url, flow);
            if (suffix != null) mappings.add(new Mapping(rule, suffix));
        }
        if (!mappings.isEmpty()) OffLoop.run(sluice, flow, "MapLocal.request", () -> serve(flow, mappings));
    }

    /** On a worker: the first existing candidate of the first rule that has one; else 404. */
    private void serve(Flow flow, List<Mapping> mappings) {
        List<Path> tried = new ArrayList<>();
        for (Mapping mapping : mappings) {
            List<Path> candidates = candidates(mapping);
            tried.addAll(candidates);
            Path file = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
            if (file == null) continue;
            try {
                answer(flow, fileResponse(flow.request(), file));
                return;
            } catch (IOException e) {
                log.warn("Could not read file: " + FileReasons.withPath(e, file));
            }
        }
        // when every rule was a refused traversal, its warning has said all there is to say
        if (!tried.isEmpty()) {
            log.info("None of the local file candidates exist: " + tried.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        answer(flow, withRequestVersion(flow.request(), Response.make(404, new byte[0], Headers.of("Content-Length", "0"))));
    }

    /** A mapped file is the only candidate; a directory yields candidates below it, or none for a traversal. */
    private List<Path> candidates(Mapping mapping) {
        Path local = mapping.rule().localPath();
        if (Files.isRegularFile(local)) return List.of(local);
        MapLocalSpec.Candidates candidates = MapLocalSpec.candidates(local, mapping.suffix());
        if (candidates.refused()) log.warn("map_local: refused path outside " + local + ": " + mapping.suffix());
        return candidates.paths();
    }

    /** 200 with the file; a HEAD request gets the same headers and no body. */
    private Response fileResponse(Request request, Path file) throws IOException {
        Headers headers = Headers.of("Server", "Sluice " + Sluice.VERSION);
        String type = ContentTypes.forFileName(file.getFileName().toString());
        if (type != null) headers.add("Content-Type", type);
        boolean head = "HEAD".equals(request.method());
        long size = Files.size(file);
        // a copy taken now (the file may change while the flow lives); beyond body_spill_threshold it is sent from disk
        Body body;
        try (InputStream in = Files.newInputStream(file)) {
            body = head ? Body.EMPTY : sluice.bodies().read(in);
        }
        headers.add("Content-Length", Long.toString(head ? size : body.size()));
        Response response = Response.make(200, new byte[0], headers);
        response.setBody(body);
        return withRequestVersion(request, response);
    }

    private static Response withRequestVersion(Request request, Response response) {
        response.setHttpVersion(request.httpVersion());
        return response;
    }

    /** The client may have gone away while the file was read: such a flow has an error and stays unanswered. */
    private static void answer(Flow flow, Response response) {
        if (flow.error() == null) flow.setResponse(response);
    }
}
