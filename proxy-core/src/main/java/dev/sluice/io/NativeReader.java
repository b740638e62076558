package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the native format: one JSON object per line. A line that is not valid JSON, lacks a
 * required field, or has no terminating newline (an interrupted write) ends reading there; a
 * record of a newer version than this reader knows fails with the update message.
 */
final class NativeReader implements FlowReader {

    private final InputStream in;
    private final String path;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private int line;
    private int flows;

    NativeReader(InputStream in, String path) {
        this.in = in;
        this.path = path;
    }

    @Override
    public Flow next() throws FlowFileException {
        while (true) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int end;
            try {
                end = readLine(bytes);
            } catch (IOException e) {
                throw FlowFileException.corrupt(path, "line " + (line + 1), "read error: " + e.getMessage(), flows);
            }
            if (end == TOO_LONG) {
                throw FlowFileException.corrupt(path, "line " + (line + 1), "record too large to load (more than "
                        + Tnetstring.MAX_RECORD + " bytes)", flows);
            }
            if (end < 0 && bytes.size() == 0) return null;
            line++;
            if (end < 0) throw FlowFileException.corrupt(path, "line " + line, "the last line has no newline (an interrupted write)", flows);
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (text.isBlank()) continue;
            Flow f = parse(text);
            flows++;
            return f;
        }
    }

    private Flow parse(String text) throws FlowFileException {
        Map<String, Object> record;
        try {
            record = Tree.map(Json.read(text), "the line");
        } catch (IOException | Tree.BadValue e) {
            throw FlowFileException.corrupt(path, "line " + line, "not valid JSON: " + e.getMessage(), flows);
        }
        try {
            if (!FlowState.FORMAT.equals(record.get("format"))) {
                throw new Tree.BadValue("not a sluice-flow record (format is " + record.get("format") + ")");
            }
            long version = Tree.integer(record, "version", -1);
            if (version < 0) throw new Tree.BadValue("missing required field version");
            if (version > FlowState.VERSION) {
                throw new FlowFileException("Cannot read flow format version " + version + "; this Sluice reads versions up to "
                        + FlowState.VERSION + ". Please update Sluice.", path, "line " + line, "version " + version, flows);
            }
            return FlowState.toFlow(record);
        } catch (Tree.BadValue | IllegalArgumentException e) {
            throw FlowFileException.corrupt(path, "line " + line, e.getMessage(), flows);
        }
    }

    private static final int TOO_LONG = -2;

    /**
     * Reads up to and excluding the next newline; returns -1 at the end of input without one,
     * {@link #TOO_LONG} when the line outgrows what one array can hold.
     */
    private int readLine(ByteArrayOutputStream into) throws IOException {
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            if (into.size() > Tnetstring.MAX_RECORD - buffer.length) return TOO_LONG;
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    into.write(buffer, pos, i - pos);
                    pos = i + 1;
                    return 1;
                }
            }
            into.write(buffer, pos, limit - pos);
            pos = limit;
        }
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
