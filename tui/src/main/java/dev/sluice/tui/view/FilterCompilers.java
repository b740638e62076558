package dev.sluice.tui.view;

import dev.sluice.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filter compilers the console can use. {@link #DEFAULT} is the one in force.
 *
 * <p>Until the filter language ({@code dev.sluice.filter.FlowFilter}) is on main, {@link #INTERIM}
 * understands a small subset: words joined by spaces (all must match), each {@code ~d regex},
 * {@code ~u regex}, {@code ~m regex}, {@code ~c code}, {@code ~marked}, {@code !word}, or a bare
 * regex matched against the URL. Replace {@code DEFAULT} with {@code FlowFilter::parse} then.
 */
public final class FilterCompilers {
    private FilterCompilers() {
    }

    public static final FilterCompiler INTERIM = FilterCompilers::interim;

    public static final FilterCompiler DEFAULT = INTERIM;

    private static Predicate<Flow> interim(String expression) {
        String text = expression == null ? "" : expression.trim();
        if (text.isEmpty()) throw new IllegalArgumentException("Empty filter expression");
        List<String> words = new ArrayList<>(List.of(text.split("\\s+")));
        Predicate<Flow> all = f -> true;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean negate = w.startsWith("!") && w.length() > 1;
            if (negate) w = w.substring(1);
            Predicate<Flow> term;
            if (w.equals("~marked")) {
                term = f -> !f.marked().isEmpty();
            } else if (w.matches("~[dumc]")) {
                if (i + 1 >= words.size()) throw invalid(expression, w + " needs an argument");
                term = operator(expression, w.charAt(1), words.get(++i));
            } else if (w.startsWith("~")) {
                throw invalid(expression, "unknown operator " + w);
            } else {
                term = operator(expression, 'u', w);
            }
            all = all.and(negate ? term.negate() : term);
        }
        return all;
    }

    private static Predicate<Flow> operator(String expression, char code, String argument) {
        if (code == 'c') {
            int status;
            try {
                status = Integer.parseInt(argument);
            } catch (NumberFormatException e) {
                throw invalid(expression, "~c needs a status code");
            }
            return f -> f.response() != null && f.response().statusCode() == status;
        }
        Pattern p;
        try {
            p = Pattern.compile(argument, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw invalid(expression, "invalid regex " + argument);
        }
        return switch (code) {
            case 'd' -> f -> f.request() != null && p.matcher(f.request().host()).find();
            case 'm' -> f -> f.request() != null && p.matcher(f.request().method().toLowerCase(Locale.ROOT)).find();
            default -> f -> f.request() != null && p.matcher(f.request().prettyUrl()).find();
        };
    }

    private static IllegalArgumentException invalid(String expression, String detail) {
        return new IllegalArgumentException("Invalid filter expression: '" + expression + "' (" + detail + ")");
    }
}
