package dev.sluice.pattern;

import dev.sluice.flow.Flow;
import dev.sluice.flow.ServerConn;
import dev.sluice.log.EventLog;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one way to compile a user-supplied regex (options-and-patterns.md §11): Python spellings
 * are translated to Java, byte and text regexes get their character classes, and the result
 * ({@link UserRegex}) evaluates under the time budget.
 *
 * <p>Budget warnings go to the event log set with {@link #setEventLog}; until the proxy sets
 * one they are dropped, so pure code and tests need no log.
 */
public final class Regexes {

    /**
     * Flag for {@link #compile}: a byte regex, matched against one char per byte. Non-ASCII
     * characters in the pattern stand for their UTF-8 bytes; {@code \w \d \s \b} and case folding
     * are ASCII-only. Without it, a text regex: classes and case folding are Unicode-aware.
     */
    public static final int BYTES = 1 << 30;

    /** How long one evaluation may run before it counts as no match. */
    public static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile EventLog eventLog;

    private Regexes() {
    }

    /**
     * Compiles a user regex.
     *
     * @param userRegex the regex as the user wrote it (Python spellings allowed)
     * @param flags {@link java.util.regex.Pattern} flags, optionally with {@link #BYTES}
     * @throws InvalidRegexException {@code Invalid regular expression '<regex>' (<reason>)}
     */
    public static UserRegex compile(String userRegex, int flags) {
        boolean bytes = (flags & BYTES) != 0;
        return compile(userRegex, userRegex, flags, bytes);
    }

    /**
     * Compiles a byte regex whose pattern is already bytes, one pattern char per byte (modify_body
     * decodes escapes such as {@code \xff} before compiling, so its pattern is not text).
     *
     * @param source the regex as the user wrote it, for messages
     * @throws InvalidRegexException {@code Invalid regular expression '<source>' (<reason>)}
     */
    public static UserRegex compileBytes(String source, byte[] pattern, int flags) {
        return compile(source, new String(pattern, StandardCharsets.ISO_8859_1), flags | BYTES, false);
    }

    private static UserRegex compile(String source, String userPattern, int flags, boolean asUtf8) {
        PythonRegexTranslator.Translation translation;
        try {
            translation = PythonRegexTranslator.translate(userPattern);
        } catch (InvalidRegexException e) {
            throw new InvalidRegexException(source, e.reason());
        }
        boolean bytes = (flags & BYTES) != 0;
        String javaPattern = asUtf8 ? asUtf8Bytes(translation.javaPattern()) : translation.javaPattern();
        int javaFlags = (flags & ~BYTES) | (bytes ? 0 : Pattern.UNICODE_CHARACTER_CLASS);
        try {
            Pattern pattern = Pattern.compile(javaPattern, javaFlags);
            LiteralPrefix prefix = LiteralPrefix.of(javaPattern, javaFlags);
            return new UserRegex(source, flags, pattern, translation.groupNames(), prefix);
        } catch (PatternSyntaxException e) {
            throw new InvalidRegexException(source, withOriginalNames(firstLine(e.getDescription()), translation.groupNames()));
        } catch (StackOverflowError e) {
            throw new InvalidRegexException(source, "nested too deeply");
        }
    }

    /** Where budget warnings go; null drops them. The proxy sets its event log once at start-up. */
    public static void setEventLog(EventLog log) {
        eventLog = log;
    }

    static void warn(String message) {
        EventLog log = eventLog;
        if (log != null) log.warn(message);
    }

    /** The flow's URL for messages: the pretty URL, or the destination of a flow without request. */
    static String describe(Flow flow) {
        if (flow == null) return "?";
        if (flow.request() != null) return flow.request().prettyUrl();
        ServerConn server = flow.server();
        return server != null && server.host() != null ? server.host() + ":" + server.port() : "?";
    }

    /** Rewrites non-ASCII characters as their UTF-8 bytes, one char per byte. */
    private static String asUtf8Bytes(String pattern) {
        if (pattern.chars().allMatch(c -> c < 0x80)) return pattern;
        return new String(pattern.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Java names the groups it complains about; the user knows them by their original names. */
    private static String withOriginalNames(String reason, Map<String, String> groupNames) {
        String result = reason;
        for (Map.Entry<String, String> e : groupNames.entrySet()) {
            if (!e.getKey().equals(e.getValue())) result = result.replace("<" + e.getValue() + ">", "<" + e.getKey() + ">");
        }
        return result;
    }
}
