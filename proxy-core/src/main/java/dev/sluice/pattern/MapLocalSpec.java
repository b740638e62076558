package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import dev.sluice.flow.Flow;
import dev.sluice.option.Paths;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One map_local rule, {@code <sep>[flow-filter<sep>]url-regex<sep>local-path} (features.md §5).
 * The regex picks the part of the pretty URL that names a file below the local directory; the
 * candidate paths are a pure function of that part, and none of them can lie outside the directory.
 */
public record MapLocalSpec(FlowFilter filter, UserRegex urlRegex, Path localPath) {

    /** Characters kept in the escaped candidate; every other character becomes one {@code _}. */
    private static final Pattern UNSAFE_CHARACTER = Pattern.compile("[^0-9A-Za-z\\-_.=(),/]");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
    private static final boolean WINDOWS = File.separatorChar == '\\';

    /** The candidate files for a request, or a refusal when the URL tried to leave the directory. */
    public record Candidates(List<Path> paths, boolean refused) {
        static Candidates refusal() {
            return new Candidates(List.of(), true);
        }
    }

    /**
     * Parses a rule; the local path is {@code ~}-expanded, made absolute and resolved through
     * symlinks now, and must exist.
     *
     * @throws IllegalArgumentException with the reason (number of parameters, filter,
     *                                  {@code Invalid regular expression '<re>' (<reason>)},
     *                                  {@code Invalid file path: <path> (<reason>)})
     */
    public static MapLocalSpec parse(String item) {
        SeparatorPattern pattern = SeparatorPattern.parse(item);
        UserRegex regex = Regexes.compile(pattern.subject(), 0);
        String written = pattern.replacement();
        try {
            return new MapLocalSpec(pattern.filter(), regex, Paths.expand(written).toAbsolutePath().toRealPath());
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid file path: " + written + " (" + FileReasons.of(e) + ")");
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid file path: " + written + " (" + e.getReason() + ")");
        }
    }

    /**
     * The part of the URL that names a file below the directory, or null when the regex does not
     * match (or ran out of its time budget). With a capturing group: group 1, query included,
     * without leading slashes. Without: the text after the first match, without query and without
     * leading and trailing slashes.
     */
    public String suffix(String url, Flow flow) {
        return urlRegex.apply(url, flow, matcher -> matcher.find() ? suffixOf(matcher, url) : null, null);
    }

    private static String suffixOf(Matcher match, String url) {
        if (match.groupCount() > 0) {
            String group = match.group(1);
            // a leading slash would make the suffix absolute; mitmproxy then serves nothing
            return group == null ? "" : stripLeading(group, "/\\");
        }
        String rest = url.substring(match.end());
        int query = rest.indexOf('?');
        return stripTrailing(stripLeading(query < 0 ? rest : rest.substring(0, query), "/"), "/");
    }

    /**
     * The files to try for a suffix, in order: {@code index.html} for an empty suffix; otherwise the
     * percent-decoded suffix and its {@code index.html}, then the same with unsafe characters
     * replaced by {@code _}. A suffix that is absolute, drive-qualified, contains NUL or a
     * {@code ..} component is refused, and a candidate that normalises to a path outside the
     * directory is dropped.
     */
    public static Candidates candidates(Path directory, String suffix) {
        if (suffix.isEmpty()) return new Candidates(List.of(directory.resolve("index.html")), false);
        String decoded = percentDecode(suffix);
        if (leavesDirectory(decoded)) return Candidates.refusal();
        List<String> names = new ArrayList<>(List.of(decoded, decoded + "/index.html"));
        String escaped = UNSAFE_CHARACTER.matcher(decoded).replaceAll("_");
        if (!escaped.equals(decoded)) names.addAll(List.of(escaped, escaped + "/index.html"));
        List<Path> paths = new ArrayList<>(names.size());
        for (String name : names) {
            Path candidate = inside(directory, name);
            if (candidate != null) paths.add(candidate);
        }
        return new Candidates(List.copyOf(paths), false);
    }

    private static boolean leavesDirectory(String decoded) {
        if (decoded.indexOf('\0') >= 0 || decoded.startsWith("/") || decoded.startsWith("\\")) return true;
        if (WINDOWS && DRIVE.matcher(decoded).find()) return true;
        for (String component : decoded.split("[/\\\\]")) if (component.equals("..")) return true;
        return false;
    }

    /** The candidate, lexically normalised, when it lies inside the directory; else null. */
    private static Path inside(Path directory, String name) {
        try {
            Path candidate = directory.resolve(name).normalize();
            return candidate.startsWith(directory) ? candidate : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8, like Python's {@code urllib.parse.unquote}: invalid
     * byte sequences become U+FFFD, malformed escapes stay as written.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int high = i + 2 < text.length() && text.charAt(i) == '%' ? hexValue(text.charAt(i + 1)) : -1;
            int low = high >= 0 ? hexValue(text.charAt(i + 2)) : -1;
            if (low >= 0) {
                pending.write(high << 4 | low);
                i += 3;
                continue;
            }
            flush(pending, out);
            out.append(text.charAt(i++));
        }
        flush(pending, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) return;
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
    }

    private static String stripLeading(String s, String characters) {
        int start = 0;
        while (start < s.length() && characters.indexOf(s.charAt(start)) >= 0) start++;
        return s.substring(start);
    }

    private static String stripTrailing(String s, String characters) {
        int end = s.length();
        while (end > 0 && characters.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit also accepts other scripts' digits). */
    private static int hexValue(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
