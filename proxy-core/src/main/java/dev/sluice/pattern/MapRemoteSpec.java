package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import java.util.regex.Matcher;

/**
 * One map_remote rule, {@code <sep>[flow-filter<sep>]url-regex<sep>replacement} (features.md §6):
 * every match of the regex in the pretty URL is replaced by the template.
 */
public record MapRemoteSpec(FlowFilter filter, UserRegex urlRegex, ReplacementTemplate replacement) {

    /**
     * Parses a rule; the replacement's group references are checked against the regex now.
     *
     * @throws IllegalArgumentException with the reason (number of parameters, filter, regex,
     *                                  {@code invalid group reference <ref>})
     */
    public static MapRemoteSpec parse(String item) {
        SeparatorPattern pattern = SeparatorPattern.parse(item);
        UserRegex regex = Regexes.compile(pattern.subject(), 0);
        return new MapRemoteSpec(pattern.filter(), regex, ReplacementTemplate.parse(pattern.replacement(), regex));
    }

    /**
     * The URL with every non-overlapping match replaced (the same text when nothing matches), or
     * null when the regex ran out of its time budget (the rule is then skipped).
     */
    public String rewrite(String url, Flow flow) {
        return urlRegex.apply(url, flow, matcher -> replaceAll(matcher, url), null);
    }

    private String replaceAll(Matcher matcher, String url) {
        StringBuilder out = new StringBuilder(url.length() + 16);
        int copied = 0;
        while (matcher.find()) {
            out.append(url, copied, matcher.start());
            replacement.appendTo(out, matcher);
            copied = matcher.end();
        }
        return out.append(url, copied, url.length()).toString();
    }
}
