package dev.sluice.cli;

import dev.sluice.log.Level;
import dev.sluice.log.LogEntry;
import dev.sluice.option.Options;
import dev.sluice.text.Sanitizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** Event log lines on stderr: {@code [HH:MM:SS.mmm][client] message}, filtered by termlog_verbosity. */
final class TermLog implements Consumer<LogEntry> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Options options;
    private final Output output;
    private final boolean color;

    TermLog(Options options, Output output, boolean color) {
        this.options = options;
        this.output = output;
        this.color = color;
    }

    @Override
    public void accept(LogEntry e) {
        Level verbosity = Level.valueOf(options.str("termlog_verbosity").toUpperCase(Locale.ROOT));
        if (!e.level().shownAt(verbosity)) return;
        StringBuilder sb = new StringBuilder("[").append(TIME.format(Instant.ofEpochMilli(e.timestampMillis()))).append(']');
        if (e.client() != null) sb.append('[').append(e.client()).append(']');
        String text = Sanitizer.body(e.message());
        if (color && e.level() == Level.ERROR) text = "\u001b[31m" + text + "\u001b[0m";
        else if (color && e.level() == Level.WARN) text = "\u001b[33m" + text + "\u001b[0m";
        output.err(sb.append(' ').append(text).append('\n').toString());
    }
}
