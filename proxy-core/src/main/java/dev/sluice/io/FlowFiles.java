package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flow files: format detection (flowfiles.md §1), readers, writers. Every reader of flow files
 * (-r, replay, view.flows.load) comes through {@link #open} or {@link #readAll}.
 */
public final class FlowFiles {
    private FlowFiles() {
    }

    /** The formats Sluice reads and writes. */
    public enum Format { NATIVE, MITM, HAR }

    /** What reading a whole file gave: the flows before any damage, warnings, and the failure if reading stopped early. */
    public record Loaded(List<Flow> flows, List<String> warnings, FlowFileException failure) {
    }

    /** The format written to a file of this name: {@code .mitm}, {@code .har}, else native. */
    public static Format formatForName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".mitm")) return Format.MITM;
        if (n.endsWith(".har") || n.endsWith(".zhar")) return Format.HAR;
        return Format.NATIVE;
    }

    /**
     * Opens a reader for the stream, the format detected from the content; an empty stream reads
     * as zero flows.
     *
     * @throws FlowFileException {@code Cannot read <path>: unknown flow file format}
     */
    public static FlowReader open(InputStream raw, String path) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(Integer.MAX_VALUE);
        int skipped = 0;
        int c = in.read();
        if (c == 0xEF) { // a UTF-8 byte-order mark
            if (in.read() != 0xBB || in.read() != 0xBF) return unknown(in, path);
            skipped = 3;
            c = in.read();
        }
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            skipped++;
            c = in.read();
        }
        if (c < 0) {
            in.close();
            return EMPTY;
        }
        Format format;
        if (c >= '0' && c <= '9') {
            format = Format.MITM;
        } else if (c == '{') {
            in.reset();
            format = jsonFormat(in, path);
        } else {
            return unknown(in, path);
        }
        in.reset();
        in.skipNBytes(skipped);
        in.mark(0); // drop the mark: from here on the buffer stays small
        return switch (format) {
            case NATIVE -> new NativeReader(in, path);
            case MITM -> new MitmReader(in, path);
            case HAR -> new HarReader(in, path);
        };
    }

    private static FlowReader unknown(InputStream in, String path) throws IOException {
        in.close();
        throw new FlowFileException("Cannot read " + path + ": unknown flow file format", path, null, null, 0);
    }

    /**
     * Native when the first line is a {@code sluice-flow} record, HAR when the first JSON object
     * has a {@code log} member. A first line that is not complete JSON (a pretty-printed HAR, a
     * damaged native file) is decided by scanning the object's top-level names.
     */
    private static Format jsonFormat(BufferedInputStream in, String path) throws IOException {
        byte[] first = readLine(in);
        try {
            Object v = Json.read(new String(first, StandardCharsets.UTF_8));
            if (v instanceof Map<?, ?> m) {
                if (FlowState.FORMAT.equals(m.get("format"))) return Format.NATIVE;
                if (m.containsKey("log")) return Format.HAR;
            }
            in.close();
            throw new FlowFileException("Cannot read " + path + ": unknown flow file format", path, null, null, 0);
        } catch (FlowFileException e) {
            throw e;
        } catch (IOException notOneLine) {
            in.reset();
            return scanTopLevelNames(in);
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') out.write(b);
        return out.toByteArray();
    }

    private static Format scanTopLevelNames(InputStream in) {
        try {
            com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(
                    new InputStreamReader(in, StandardCharsets.UTF_8));
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals("log")) return Format.HAR;
                if (name.equals("format")) return Format.NATIVE;
                r.skipValue();
            }
        } catch (IOException | RuntimeException damaged) {
            // the native reader reports where the damage is
        }
        return Format.NATIVE;
    }

    /** Reads a whole file: every flow before any damage, the warnings, and the failure. */
    public static Loaded readAll(Path path) throws IOException {
        try (FlowReader r = open(Files.newInputStream(path), path.toString())) {
            return readAll(r);
        }
    }

    /** Reads the rest of a reader into memory (the counterpart of {@link #readAll(Path)} for any stream). */
    public static Loaded readAll(FlowReader r) {
        List<Flow> flows = new ArrayList<>();
        FlowFileException failure = null;
        try {
            Flow f;
            while ((f = r.next()) != null) flows.add(f);
        } catch (FlowFileException e) {
            failure = e.withFlowsRead(flows.size());
        }
        return new Loaded(flows, List.copyOf(r.warnings()), failure);
    }

    /**
     * The reason a file cannot be opened, as users read it ({@code No such file or directory}, ...).
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        if (e instanceof FlowFileException ffe) return ffe.summary();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Opens a writer: the format by the file name, or, when appending to a non-empty file, the
     * format detected from its content. Missing directories are created.
     */
    public static FlowWriter openWriter(Path path, boolean append) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (Files.isDirectory(path)) throw new IOException(path + " is a directory");
        Format format = formatForName(path.getFileName().toString());
        if (append && Files.isRegularFile(path) && Files.size(path) > 0) format = detect(path);
        if (format == Format.HAR) return HarWriter.open(path, append);
        FileOutputStream out = new FileOutputStream(path.toFile(), append);
        return new RecordWriter(out, format == Format.MITM ? MitmWriter::write : NativeWriter::write);
    }

    /** The format of an existing non-empty file, from its content. */
    static Format detect(Path path) throws IOException {
        try (FlowReader r = open(Files.newInputStream(path), path.toString())) {
            if (r instanceof MitmReader) return Format.MITM;
            if (r instanceof HarReader) return Format.HAR;
            return Format.NATIVE;
        }
    }

    /** Writes flows to a file at once (save.file): truncating, or appending for {@code +path}. */
    public static int save(Path path, boolean append, List<Flow> flows) throws IOException {
        if (!append && formatForName(path.getFileName().toString()) == Format.HAR) {
            HarWriter.writeDocument(path, flows);
            return (int) flows.stream().filter(f -> f.type() == Flow.Type.HTTP && f.request() != null).count();
        }
        try (FlowWriter w = openWriter(path, append)) {
            for (Flow f : flows) w.write(f);
        }
        return flows.size();
    }

    private static final FlowReader EMPTY = new FlowReader() {
        @Override
        public Flow next() {
            return null;
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
