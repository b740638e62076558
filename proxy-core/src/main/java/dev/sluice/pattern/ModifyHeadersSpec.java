package dev.sluice.pattern;

import dev.sluice.filter.FlowFilter;
import java.nio.charset.StandardCharsets;

/**
 * One modify_headers rule, {@code <sep>[flow-filter<sep>]name<sep>[value | @file-path]}
 * (features.md §8): matching messages lose every header of that name and, unless the value is
 * empty, get {@code name: value}. Name and literal value are escape-decoded and validated here, so
 * a rule can never put a malformed or injected header on the wire.
 */
public record ModifyHeadersSpec(FlowFilter filter, String name, ReplacementValue value) {

    /** RFC 9110 token characters besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    /**
     * Parses a rule; an {@code @file} value must be readable now.
     *
     * @throws IllegalArgumentException with the reason (number of parameters, filter, escape,
     *                                  {@code invalid header name '<name>'},
     *                                  {@code invalid header value (contains CR, LF or NUL)},
     *                                  {@code Invalid file path: <path> (<reason>)})
     */
    public static ModifyHeadersSpec parse(String item) {
        SeparatorPattern pattern = SeparatorPattern.parse(item);
        String name = asHeaderText(Escapes.decode(pattern.subject()));
        if (!isToken(name)) throw new IllegalArgumentException("invalid header name '" + pattern.subject() + "'");
        ReplacementValue value = ReplacementValue.parse(pattern.replacement());
        if (value instanceof ReplacementValue.Literal literal && breaksHeaderLine(literal.bytes())) {
            throw new IllegalArgumentException("invalid header value (contains CR, LF or NUL)");
        }
        return new ModifyHeadersSpec(pattern.filter(), name, value);
    }

    /** Headers hold one char per byte (ISO-8859-1), so any byte of a value survives. */
    public static String asHeaderText(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** CR, LF or NUL would end the header line early or corrupt it: a header injection. */
    public static boolean breaksHeaderLine(byte[] value) {
        for (byte b : value) if (b == '\r' || b == '\n' || b == 0) return true;
        return false;
    }

    /**
     * Whether the filter looks at bodies ({@code ~b}, {@code ~bq}, {@code ~bs}): modify_headers runs
     * before bodies are read, so such a filter never matches there.
     */
    public boolean filterReadsBodies() {
        return readsBodies(filter);
    }

    private static boolean readsBodies(FlowFilter f) {
        if (f instanceof FlowFilter.Body || f instanceof FlowFilter.RequestBody || f instanceof FlowFilter.ResponseBody) return true;
        if (f instanceof FlowFilter.Not not) return readsBodies(not.operand());
        if (f instanceof FlowFilter.And and) return and.operands().stream().anyMatch(ModifyHeadersSpec::readsBodies);
        if (f instanceof FlowFilter.Or or) return or.operands().stream().anyMatch(ModifyHeadersSpec::readsBodies);
        return false;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = c < 0x80 && Character.isLetterOrDigit(c);
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) return false;
        }
        return true;
    }
}
