package dev.sluice.tui.edit;

import static dev.sluice.command.ArgType.CHOICE;
import static dev.sluice.command.ArgType.FLOW;

import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.command.FlowEdits;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Message;
import dev.sluice.tui.Console;
import dev.sluice.tui.grid.CellCodec;
import dev.sluice.tui.grid.GridEditorWindow;
import dev.sluice.tui.grid.GridTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Editing the focused flow from the console (console.md §10.1): {@code console.edit.focus <part>}
 * opens the prompt for method, status code and reason, the external editor for the bodies and the
 * URL, and a grid editor for the rest; {@code console.bodyview} shows a body in the pager. Every
 * change passes {@link FlowEdits} (refused for a flow in flight that is not intercepted, backed up
 * first so {@code V} reverts it) and is published to the store.
 */
public final class FlowEditor {

    /** The parts {@code e} offers, in mitmproxy's order. */
    public static final List<String> PARTS = List.of("cookies", "urlencoded form", "multipart form", "path", "method",
            "query", "reason", "request-headers", "response-headers", "request-body", "response-body", "status_code",
            "set-cookies", "url");

    private static final List<String> PROMPTED = List.of("method", "status_code", "reason");
    private static final List<String> MESSAGES = List.of("request", "response");
    private static final Map<String, String> SUFFIXES = Map.of("json", ".json", "html", ".html", "xml", ".xml",
            "javascript", ".js", "css", ".css");

    private final Console console;

    private FlowEditor(Console console) {
        this.console = console;
    }

    public static void register(Console console) {
        FlowEditor e = new FlowEditor(console);
        CommandRegistry r = console.sluice().commands();
        r.register(new Command("console.edit.focus.options", List.of(), "str[]", "Valid options for editing the focused flow.", args -> PARTS));
        r.register(new Command("console.edit.focus", List.of(Command.Param.of("part", CHOICE)), null,
                "Edit a component of the currently focused flow.", args -> {
                    e.edit((String) args.get(0));
                    return null;
                }));
        r.register(new Command("console.bodyview.options", List.of(), "str[]", "Possible parts for console.bodyview.", args -> MESSAGES));
        r.register(new Command("console.bodyview", List.of(Command.Param.of("flow", FLOW), Command.Param.of("part", CHOICE)), null,
                "Show a message body in an external viewer ($PAGER).", args -> {
                    e.view((Flow) args.get(0), (String) args.get(1));
                    return null;
                }));
    }

    private Flow focused() throws CommandException {
        Flow f = console.view().focused();
        if (f == null) throw new CommandException("No flow in focus.");
        return f;
    }

    private void edit(String part) throws CommandException {
        if (!PARTS.contains(part)) throw new CommandException("Invalid part: " + part + " (one of " + String.join(", ", PARTS) + ")");
        Flow f = focused();
        if (f.request() == null) throw new CommandException("Only HTTP flows can be edited.");
        FlowEdits.checkEditable(f);
        if (PROMPTED.contains(part)) {
            console.openPrompt("flow.set @focus " + part + " ", -1);
        } else if (part.equals("url")) {
            console.outside(() -> editUrl(f));
        } else if (part.endsWith("-body")) {
            boolean response = part.startsWith("response");
            console.outside(() -> editBody(f, response));
        } else {
            console.push(new GridEditorWindow(console, new Target(f, part, FlowGrids.part(part))));
        }
    }

    /** The URL in the editor; the edited line goes through {@code flow.set}, which checks it. */
    private void editUrl(Flow f) {
        try {
            String edited = new String(console.editor().edit(f.request().url().getBytes(StandardCharsets.UTF_8), ".txt"), StandardCharsets.UTF_8).strip();
            if (edited.equals(f.request().url())) return;
            console.view().focus(f);
            console.call("flow.set", List.of("@focus", "url", edited));
        } catch (IOException e) {
            console.sluice().log().error(e.getMessage());
        }
    }

    /** The decoded body in the editor; what comes back is encoded again as the message says. */
    private void editBody(Flow f, boolean response) {
        Message m = response ? f.response() : f.request();
        byte[] before = m == null ? new byte[0] : m.contentOrRaw();
        if (before == null) before = new byte[0];
        try {
            byte[] after = console.editor().edit(before, suffix(m));
            if (console.options().bool("console_strip_trailing_newlines")) after = stripTrailingNewlines(after);
            if (Arrays.equals(before, after)) return;
            FlowEdits.begin(f, response ? FlowEdits.Part.RESPONSE : FlowEdits.Part.REQUEST).setContent(after);
            console.sluice().flows().update(f);
        } catch (IOException | CommandException e) {
            console.sluice().log().error(e.getMessage());
        }
    }

    private static byte[] stripTrailingNewlines(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) n--;
        return Arrays.copyOf(b, n);
    }

    /** A file name suffix from the Content-Type, so the editor highlights the syntax. */
    private static String suffix(Message m) {
        String ct = m == null ? null : m.headers().get("content-type");
        if (ct != null) {
            for (Map.Entry<String, String> e : SUFFIXES.entrySet()) if (ct.contains(e.getKey())) return e.getValue();
        }
        return ".txt";
    }

    private void view(Flow f, String part) throws CommandException {
        if (!MESSAGES.contains(part)) throw new CommandException("Invalid part: " + part + " (request or response)");
        Message m = part.equals("request") ? f.request() : f.response();
        byte[] content = m == null ? null : m.contentOrRaw();
        if (content == null || content.length == 0) throw new CommandException("The " + part + " has no body.");
        console.outside(() -> {
            try {
                console.editor().view(content, suffix(m));
            } catch (IOException e) {
                console.sluice().log().error(e.getMessage());
            }
        });
    }

    /** A grid over one part of a flow: applying checks the flow again, backs it up, writes and publishes. */
    private final class Target implements GridTarget {
        private final Flow flow;
        private final String part;
        private final FlowGrids.Part grid;

        Target(Flow flow, String part, FlowGrids.Part grid) {
            this.flow = flow;
            this.part = part;
            this.grid = grid;
        }

        @Override
        public String title() {
            return "Edit " + part;
        }

        @Override
        public List<String> columns() {
            return grid.columns();
        }

        @Override
        public List<List<String>> rows() {
            return grid.read(flow);
        }

        @Override
        public CellCodec codec() {
            return grid.codec();
        }

        @Override
        public void apply(List<List<String>> rows) throws Refused {
            if (rows.equals(grid.read(flow))) return;
            grid.check(rows);
            try {
                FlowEdits.begin(flow, grid.side());
            } catch (CommandException e) {
                // the flow went on (resumed elsewhere) while the grid was open: nothing to do but say so,
                // a grid kept open could never be left
                console.sluice().log().error(e.getMessage());
                return;
            }
            grid.write(flow, rows);
            console.sluice().flows().update(flow);
        }
    }
}
