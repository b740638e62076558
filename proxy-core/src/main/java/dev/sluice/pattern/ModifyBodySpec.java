package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One modify_body rule, {@code <sep>[flow-filter<sep>]body-regex<sep>replacement} (features.md §7).
 * The regex is escape-decoded and matched against body bytes with DOTALL; the replacement is
 * inserted literally (no group references: mitmproxy 8.1.1's template reading makes any
 * backslash in a replacement file fail with "bad escape").
 */
public record ModifyBodySpec(FlowFilter filter, UserRegex bodyRegex, ReplacementValue replacement) {

    /**
     * Parses a rule; an {@code @file} replacement must be readable now.
     *
     * @throws IllegalArgumentException with the reason (number of parameters, filter, escape,
     *                                  {@code Invalid regular expression '<re>' (<reason>)},
     *                                  {@code Invalid file path: <path> (<reason>)})
     */
    public static ModifyBodySpec parse(String item) {
        SeparatorPattern pattern = SeparatorPattern.parse(item);
        byte[] regex = Escapes.decodeRegex(pattern.subject());
        UserRegex bodyRegex = Regexes.compileBytes(pattern.subject(), regex, Pattern.DOTALL);
        return new ModifyBodySpec(pattern.filter(), bodyRegex, ReplacementValue.parse(pattern.replacement()));
    }

    /**
     * The body with every non-overlapping match replaced by {@code with}; null when nothing matched
     * or the regex ran out of its time budget.
     */
    public byte[] replaceAll(byte[] body, byte[] with, Flow flow) {
        return bodyRegex.apply(body, flow, matcher -> replaceAll(matcher, body, with), null);
    }

    /** Bytes of context kept before a window, and the longest match a window boundary cannot cut. */
    static final int WINDOW = 256 << 10;
    static final int CONTEXT = 1 << 10;
    static final int MAX_MATCH = 64 << 10;

    /**
     * Every non-overlapping match in a stream replaced by {@code with}, written to {@code out}
     * as it goes (features.md §14: a body on disk is rewritten file to file). The body is read
     * in windows of {@value #WINDOW} bytes, each under its own time budget; a match may be up to
     * {@value #MAX_MATCH} bytes long, and sees {@value #CONTEXT} bytes before its window. False
     * when nothing matched or a window ran out of its budget (then {@code out} is to be dropped).
     */
    public boolean replaceAll(InputStream in, OutputStream out, byte[] with, Flow flow) throws IOException {
        byte[] buf = new byte[CONTEXT + WINDOW + MAX_MATCH];
        int len = in.readNBytes(buf, 0, buf.length);
        int pos = 0;
        boolean any = false;
        while (true) {
            boolean eof = len < buf.length;
            int limit = eof ? len : len - MAX_MATCH; // matches must start before it, so none is cut off
            int from = pos;
            int[] done = bodyRegex.apply(buf, len, flow, matcher -> replaceWindow(matcher, buf, from, limit, out, with), null);
            if (done == null) return false;
            any |= done[1] > 0;
            pos = Math.max(done[0], limit);
            out.write(buf, done[0], pos - done[0]);
            if (eof) return any;
            int keep = Math.min(pos, CONTEXT);
            System.arraycopy(buf, pos - keep, buf, 0, len - pos + keep);
            len = len - pos + keep;
            pos = keep;
            len += in.readNBytes(buf, len, buf.length - len);
        }
    }

    /** Replaces the matches starting in [from, limit): returns {where copying stopped, how many matched}. */
    private static int[] replaceWindow(Matcher matcher, byte[] buf, int from, int limit, OutputStream out, byte[] with) {
        matcher.useTransparentBounds(true).useAnchoringBounds(false);
        matcher.region(from, matcher.regionEnd());
        int copied = from;
        int count = 0;
        while (matcher.find() && matcher.start() < limit) {
            write(out, buf, copied, matcher.start() - copied);
            write(out, with, 0, with.length);
            copied = matcher.end();
            count++;
        }
        return new int[] {copied, count};
    }

    private static void write(OutputStream out, byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] replaceAll(Matcher matcher, byte[] body, byte[] with) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        while (matcher.find()) {
            if (out == null) out = new ByteArrayOutputStream(body.length + with.length);
            // the matcher sees one char per byte, so its indices are byte offsets
            out.write(body, copied, matcher.start() - copied);
            out.writeBytes(with);
            copied = matcher.end();
        }
        if (out == null) return null;
        out.write(body, copied, body.length - copied);
        return out.toByteArray();
    }
}
