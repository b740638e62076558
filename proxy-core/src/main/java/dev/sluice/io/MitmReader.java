package dev.sluice.io;

import dev.sluice.flow.Flow;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads mitmproxy's flow files: concatenated tnetstring records of format versions 17 to 21.
 * DNS and UDP flows are skipped with one warning; damage ends reading at the bad record, whose
 * byte offset the error names.
 */
final class MitmReader implements FlowReader {

    private final CountingInputStream in;
    private final String path;
    private int flows;
    private int skipped;

    MitmReader(InputStream in, String path) {
        this.in = new CountingInputStream(in);
        this.path = path;
    }

    @Override
    public Flow next() throws FlowFileException {
        while (true) {
            long offset = in.count();
            String position = "byte " + offset;
            Object value;
            try {
                value = Tnetstring.readRecord(in);
            } catch (Tnetstring.Malformed e) {
                throw FlowFileException.corrupt(path, position, e.getMessage(), flows);
            } catch (IOException e) {
                throw FlowFileException.corrupt(path, position, "read error: " + e.getMessage(), flows);
            }
            if (value == Tnetstring.END) return null;
            try {
                Map<String, Object> record = Tree.map(value, "the record");
                Object version = record.get("version");
                if (!MitmLayout.readable(version)) {
                    String v = MitmLayout.versionText(version);
                    throw new FlowFileException("Cannot read mitmproxy flow format version " + v + "; Sluice reads versions "
                            + MitmLayout.MIN_READ + " to " + MitmLayout.MAX_READ + ".", path, position, "version " + v, flows);
                }
                String type = Tree.text(record.get("type"));
                if ("dns".equals(type) || "udp".equals(type)) {
                    skipped++;
                    continue;
                }
                if (!"http".equals(type) && !"tcp".equals(type)) {
                    throw new FlowFileException("Unknown flow type: " + type, path, position, "type " + type, flows);
                }
                Flow f = FlowState.toFlow(MitmLayout.toNative(record));
                flows++;
                return f;
            } catch (Tree.BadValue | IllegalArgumentException e) {
                throw FlowFileException.corrupt(path, position, e.getMessage(), flows);
            }
        }
    }

    @Override
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (skipped > 0) w.add("Skipped " + skipped + " DNS/UDP flows (not supported by Sluice).");
        return w;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
