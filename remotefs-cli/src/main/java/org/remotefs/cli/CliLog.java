package org.remotefs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The command's log: warnings (and more with {@code --verbose}) go to stderr as text in table
 * mode; in JSON mode they are collected so that stderr carries one JSON document, the error's or
 * the warnings'.
 */
final class CliLog extends AppenderBase<ILoggingEvent> {
    private final PrintStream stderr;
    private final boolean collect;
    private final List<String> collected = new ArrayList<>();

    private CliLog(PrintStream stderr, boolean collect) {
        this.stderr = stderr;
        this.collect = collect;
    }

    /** Replaces logback's configuration with this appender on the root logger. */
    static CliLog install(PrintStream stderr, OutputFormat format, boolean verbose) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        CliLog log = new CliLog(stderr, format == OutputFormat.JSON);
        log.setContext(context);
        log.setName("cli");
        log.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(log);
        context.getLogger("org.remotefs").setLevel(verbose ? Level.DEBUG : Level.WARN);
        return log;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String text = event.getLevel().toString().toLowerCase(java.util.Locale.ROOT) + ": " + event.getFormattedMessage();
        if (collect) {
            collected.add(text);
        } else {
            stderr.println(text);
        }
    }

    /** What was collected in JSON mode. */
    synchronized List<String> collected() {
        return List.copyOf(collected);
    }
}
