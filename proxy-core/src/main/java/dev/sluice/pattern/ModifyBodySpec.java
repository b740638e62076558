package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import java.io.ByteArrayOutputStream;
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
