package org.remotefs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.remotefs.api.spi.VolumeDriverProvider;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The command's log. In table mode, warnings (and, with {@code --verbose}, everything remotefs and
 * the backends on the class path log, down to debug) go to stderr as text. In JSON mode they are collected so that stderr carries one JSON
 * document: warnings under {@code warnings}, the rest under {@code log}. A message repeated in one
 * run (the shares file is read at every step) is reported once.
 */
final class CliLog extends AppenderBase<ILoggingEvent> {
    private final PrintStream stderr;
    private final boolean collect;
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean warned;
    private final List<String> log = new ArrayList<>();
    /** While set, everything logged goes here only: the output of a run of something else. */
    private List<String> diverted;
    /** Run before a line of text is printed: a progress bar being drawn ends its line first. */
    private Runnable beforeLine = () -> {
    };

    private CliLog(PrintStream stderr, boolean collect) {
        this.stderr = stderr;
        this.collect = collect;
    }

    /** Replaces logback's configuration with this appender on the root logger. */
    static CliLog install(PrintStream stderr, OutputFormat format, boolean verbose) {
        return install(stderr, format, verbose, CliLog.class.getClassLoader());
    }

    /**
     * As {@link #install(PrintStream, OutputFormat, boolean)}, the backends' providers found with
     * {@code providers}: with {@code --verbose} their packages log down to debug too.
     */
    static CliLog install(PrintStream stderr, OutputFormat format, boolean verbose, ClassLoader providers) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        return attach(context, stderr, format == OutputFormat.JSON, verbose, providers);
    }

    /**
     * Puts a new appender of this kind on the context's root logger, with the command's levels.
     *
     * @param collect   whether messages are collected for a JSON document rather than printed
     * @param providers where the backends' providers are found, whose packages {@code verbose} raises too
     */
    static CliLog attach(LoggerContext context, PrintStream stderr, boolean collect, boolean verbose,
                         ClassLoader providers) {
        CliLog appender = new CliLog(stderr, collect);
        appender.setContext(context);
        appender.setName("cli");
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        context.getLogger("org.remotefs").setLevel(verbose ? Level.DEBUG : Level.WARN);
        if (verbose) {
            // a vendor's backend logs under its own package, which org.remotefs does not cover
            for (String name : backendPackages(providers)) {
                context.getLogger(name).setLevel(Level.DEBUG);
            }
        }
        // ZooKeeper's client and Curator complain at length about every lost connection; the lock
        // service's own error names the URL and what went wrong, so they speak only with --verbose
        context.getLogger("org.apache.zookeeper").setLevel(verbose ? Level.WARN : Level.OFF);
        context.getLogger("org.apache.curator").setLevel(verbose ? Level.WARN : Level.OFF);
        return appender;
    }

    /**
     * The packages of the backends' providers outside org.remotefs, by their service entries: the
     * classes are loaded, never instantiated. A provider that fails to load is left to the driver
     * registry, which reports it.
     */
    private static Set<String> backendPackages(ClassLoader providers) {
        Set<String> packages = new java.util.TreeSet<>();
        try {
            java.util.ServiceLoader.load(VolumeDriverProvider.class, providers).stream()
                    .map(provider -> provider.type().getPackageName())
                    .filter(name -> !name.equals("org.remotefs") && !name.startsWith("org.remotefs."))
                    .forEach(packages::add);
        } catch (java.util.ServiceConfigurationError e) {
            // the registry names the provider and why when a command needs it
        }
        return packages;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String text = event.getLevel().toString().toLowerCase(Locale.ROOT) + ": " + event.getFormattedMessage();
        if (diverted != null) {
            diverted.add(text);
            return;
        }
        if (!seen.add(text)) {
            return;
        }
        warned |= event.getLevel().isGreaterOrEqual(Level.WARN);
        if (!collect) {
            beforeLine.run();
            stderr.println(text);
        } else if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            // the list says what they are: no "warn: " before each
            warnings.add(event.getFormattedMessage());
        } else {
            log.add(text);
        }
    }

    /**
     * From now on, keeps what is logged away from the user until {@link #undivert()}: the TCK's
     * backends log what its deliberately bad fixtures provoke, which is no warning about the
     * user's setup.
     */
    synchronized void divert() {
        diverted = new ArrayList<>();
    }

    /** Ends {@link #divert()}; returns what was logged meanwhile. */
    synchronized List<String> undivert() {
        List<String> lines = diverted == null ? List.of() : List.copyOf(diverted);
        diverted = null;
        return lines;
    }

    /** Sets what runs before each line of text this log prints on stderr. */
    synchronized void beforeEachLine(Runnable action) {
        beforeLine = action;
    }

    /** Whether any warning reached the user in this run, in either mode. */
    synchronized boolean warned() {
        return warned;
    }

    /** Warnings collected in JSON mode. */
    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Messages below warning collected in JSON mode (with --verbose). */
    synchronized List<String> log() {
        return List.copyOf(log);
    }
}
