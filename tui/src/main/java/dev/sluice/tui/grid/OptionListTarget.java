package dev.sluice.tui.grid;

import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A list option in a one-column grid (console.md §9): items verbatim, all rows applied as one
 * options transaction, so the owning addon really reconfigures or nothing changes. A refusal
 * names the item at fault; that row is the one highlighted.
 */
public final class OptionListTarget implements GridTarget {

    private final Options options;
    private final String name;

    public OptionListTarget(Options options, String name) {
        this.options = options;
        this.name = name;
    }

    @Override
    public String title() {
        return "Option " + name;
    }

    @Override
    public List<String> columns() {
        return List.of(name);
    }

    @Override
    public List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        for (String item : options.list(name)) out.add(List.of(item));
        return out;
    }

    @Override
    public CellCodec codec() {
        return CellCodec.VERBATIM;
    }

    @Override
    public void apply(List<List<String>> rows) throws Refused {
        List<String> items = new ArrayList<>();
        for (List<String> r : rows) items.add(r.get(0));
        if (items.equals(options.list(name))) return;
        try {
            options.update(Map.of(name, List.copyOf(items)));
        } catch (OptionsException e) {
            throw new Refused(e.getMessage(), rowNamedIn(e.getMessage(), items));
        }
    }

    /** The row whose item the message quotes (the longest, so {@code a} does not win over {@code a.b}), or -1. */
    private static int rowNamedIn(String message, List<String> items) {
        int best = -1;
        for (int i = 0; i < items.size(); i++) {
            if (message.contains(items.get(i)) && (best < 0 || items.get(i).length() > items.get(best).length())) best = i;
        }
        return best;
    }
}
