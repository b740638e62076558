package dev.sluice.pattern;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The literal text every match of a regex must start with, found by reading the (translated)
 * Java pattern up to its first construct that is not a plain character. Matching then tries only
 * the positions where this text occurs, found by a plain scan, instead of asking the regex engine
 * at every position: a header or body regex such as {@code x-api-key: .*} costs a scan for
 * {@code x}/{@code X}, not a regex attempt per character.
 *
 * <p>The scan compares each character with the two ASCII cases of the literal's character. That
 * is exactly how Java folds case without {@code UNICODE_CASE} (byte regexes). With Unicode case
 * folding (text regexes) it is exact only for ASCII characters other than {@code i}, {@code k}
 * and {@code s}, which have non-ASCII partners (U+0130, U+0131, U+212A, U+017F); the literal is
 * cut before the first other character. When the literal is the whole pattern, finding it is
 * the match and the regex engine is not needed at all.
 */
final class LiteralPrefix {

    private static final String META = "\\[](){}.*+?^$|";
    private static final int UNSAFE_FLAGS = Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ;

    private final char[] lower;
    private final char[] upper;
    private final boolean wholePattern;
    private final boolean ignoreCase;
    /** Horspool shifts for byte scans, by ASCII-folded byte; null when the literal has a char above 0xFF. */
    private final int[] byteShift;

    private LiteralPrefix(String literal, boolean ignoreCase, boolean wholePattern) {
        this.wholePattern = wholePattern;
        this.ignoreCase = ignoreCase;
        lower = new char[literal.length()];
        upper = new char[literal.length()];
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            lower[i] = fold(c);
            upper[i] = ignoreCase && c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        }
        byteShift = literal.chars().allMatch(c -> c <= 0xff) ? horspoolShifts() : null;
    }

    private char fold(char c) {
        return ignoreCase && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** How far the window may move when its last byte is b: the distance from b's last place in the literal to its end. */
    private int[] horspoolShifts() {
        int[] shift = new int[256];
        Arrays.fill(shift, lower.length);
        for (int i = 0; i < lower.length - 1; i++) shift[lower[i]] = lower.length - 1 - i;
        return shift;
    }

    /** The prefix of a regex compiled with these Java flags, or null when it has none. */
    static LiteralPrefix of(String javaPattern, int javaFlags) {
        if ((javaFlags & UNSAFE_FLAGS) != 0 || hasTopLevelAlternation(javaPattern)) return null;
        boolean ignoreCase = (javaFlags & Pattern.CASE_INSENSITIVE) != 0;
        boolean unicodeCase = ignoreCase && (javaFlags & (Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS)) != 0;
        StringBuilder literal = new StringBuilder();
        // A leading '^' is zero-width: the literal after it still starts every match.
        int start = javaPattern.startsWith("^") ? 1 : 0;
        int i = start;
        while (i < javaPattern.length()) {
            char c = javaPattern.charAt(i);
            int width = 1;
            if (c == '\\') {
                // An escaped punctuation character is itself; \d, \x41, \Q... end the literal.
                if (i + 1 >= javaPattern.length() || Character.isLetterOrDigit(javaPattern.charAt(i + 1))) break;
                c = javaPattern.charAt(i + 1);
                width = 2;
            } else if (META.indexOf(c) >= 0) {
                break;
            }
            if (Character.isSurrogate(c) || unicodeCase && !foldsLikeAscii(c)) break;
            literal.append(c);
            i += width;
        }
        // "abc*" only promises "ab": a quantifier applies to the last character.
        boolean quantified = i < javaPattern.length() && "*+?{".indexOf(javaPattern.charAt(i)) >= 0;
        if (quantified && literal.length() > 0) literal.setLength(literal.length() - 1);
        if (literal.length() == 0) return null;
        return new LiteralPrefix(literal.toString(), ignoreCase, start == 0 && i == javaPattern.length());
    }

    /** Whether Unicode case folding matches this character only with its ASCII cases. */
    private static boolean foldsLikeAscii(char c) {
        return c < 0x80 && "iIkKsS".indexOf(c) < 0;
    }

    /** Whether the literal is the whole pattern, so that finding it is the match. */
    boolean isWholePattern() {
        return wholePattern;
    }

    /** Whether {@code a|b} splits the whole pattern, so that no single prefix is promised. */
    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    if (end < 0) return false;
                    i = end + 1;
                } else {
                    i++;
                }
            } else if (inClass) {
                // The translator escapes '[' inside classes and a leading ']', so classes do not nest.
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first index at or after {@code from} where the prefix occurs, or -1. Bodies can be large,
     * so this is a Boyer-Moore-Horspool scan: it looks at the window's last byte and usually skips
     * the literal's length at once.
     */
    int indexIn(byte[] text, int from) {
        if (byteShift == null) return -1; // a char above 0xFF is never one byte
        int end = lower.length - 1;
        char last = lower[end];
        for (int at = from; at <= text.length - lower.length; ) {
            char c = fold((char) (text[at + end] & 0xff));
            if (c == last && windowMatches(text, at)) return at;
            at += byteShift[c];
        }
        return -1;
    }

    private boolean windowMatches(byte[] text, int at) {
        for (int j = 0; j < lower.length - 1; j++) {
            char c = (char) (text[at + j] & 0xff);
            if (c != lower[j] && c != upper[j]) return false;
        }
        return true;
    }

    /** The first index at or after {@code from} where the prefix occurs, or -1. */
    int indexIn(CharSequence text, int from) {
        if (text instanceof String s) return indexIn(s, from);
        char first = lower[0], firstUpper = upper[0];
        for (int i = from, last = text.length() - lower.length; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && restMatches(text, i)) return i;
        }
        return -1;
    }

    /** Strings use the JDK's vectorised indexOf for each case of the first character. */
    private int indexIn(String text, int from) {
        int nextLower = text.indexOf(lower[0], from);
        int nextUpper = upper[0] == lower[0] ? -1 : text.indexOf(upper[0], from);
        while (nextLower >= 0 || nextUpper >= 0) {
            int candidate;
            if (nextUpper < 0 || nextLower >= 0 && nextLower < nextUpper) {
                candidate = nextLower;
                nextLower = text.indexOf(lower[0], candidate + 1);
            } else {
                candidate = nextUpper;
                nextUpper = text.indexOf(upper[0], candidate + 1);
            }
            if (candidate + lower.length <= text.length() && restMatches(text, candidate)) return candidate;
        }
        return -1;
    }

    private boolean restMatches(CharSequence text, int at) {
        for (int j = 1; j < lower.length; j++) {
            char c = text.charAt(at + j);
            if (c != lower[j] && c != upper[j]) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(lower);
    }
}
