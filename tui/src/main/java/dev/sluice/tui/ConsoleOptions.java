package dev.sluice.tui;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.option.OptionsException;
import dev.sluice.tui.content.ContentViews;
import dev.sluice.tui.view.FilterCompiler;
import dev.sluice.tui.view.ViewOrder;
import java.util.List;
import java.util.Set;

/**
 * The console's options (console.md §13). The view filter is compiled here at set time, so a bad
 * expression is refused by the options transaction and the old filter stays.
 */
public final class ConsoleOptions implements Addon {

    public static final List<String> PALETTES = List.of("dark", "light", "lowdark", "lowlight", "solarized_dark", "solarized_light");

    private final FilterCompiler filters;
    private Options options;

    public ConsoleOptions(FilterCompiler filters) {
        this.filters = filters;
    }

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        options.register(OptionSpec.choice("console_layout", "single", List.of("single", "vertical", "horizontal"), "Console layout."));
        options.register(OptionSpec.bool("console_layout_headers", true, "Show layout component headers"));
        options.register(OptionSpec.bool("console_quickhelp_visible", true, "Show the quick help bar of the focused window."));
        options.register(OptionSpec.choice("console_flowlist_layout", "default", List.of("default", "list", "table"),
                "Set the flowlist layout: list below 100 columns and table above by default."));
        options.register(OptionSpec.bool("console_focus_follow", false, "Focus follows new flows."));
        options.register(OptionSpec.bool("console_mouse", false,
                "Console mouse interaction. Off by default so that the terminal keeps text selection."));
        options.register(OptionSpec.choice("console_palette", "solarized_dark", PALETTES, "Color palette."));
        options.register(OptionSpec.bool("console_palette_transparent", true, "Set transparent background for palette."));
        options.register(OptionSpec.choice("console_eventlog_verbosity", "info", List.of("error", "warn", "info", "alert", "debug"),
                "EventLog verbosity."));
        options.register(OptionSpec.choice("console_default_contentview", "auto", ContentViews.NAMES,
                "The default content view mode."));
        options.register(OptionSpec.bool("console_strip_trailing_newlines", false,
                "Strip trailing newlines from edited request/response bodies."));
        options.register(OptionSpec.optionalStr("view_filter", "Limit the view to matching flows."));
        options.register(OptionSpec.choice("view_order", "time", ViewOrder.NAMES, "Flow sort order."));
        options.register(OptionSpec.bool("view_order_reversed", false, "Reverse the sorting order."));
        options.register(OptionSpec.bool("command_history", true, "Persist command history between sessions."));
    }

    @Override
    public void configure(Set<String> changed) throws OptionsException {
        if (changed.contains("view_filter")) {
            String expression = options.str("view_filter");
            if (expression != null && !expression.isBlank()) {
                try {
                    filters.compile(expression);
                } catch (IllegalArgumentException e) {
                    throw OptionsException.invalid("view_filter", e.getMessage());
                }
            }
        }
    }
}
