package org.remotefs.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's configuration when the command starts (found through {@code META-INF/services}): the
 * command's own appender ({@link CliLog}), warnings as text on stderr, until the command installs
 * the one its options ask for. Without it logback looks for its XML files and then sets up a
 * console appender with a time-stamped layout (time zone data and all) that the command replaces
 * at once: start-up time for nothing (README "Fast start"). A configuration file named with
 * {@code -Dlogback.configurationFile} is still read by logback itself.
 */
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        CliLog.attach(context, System.err, false, false, CliLogConfigurator.class.getClassLoader());
        // logback prints its own status messages only when it had a warning, which this
        // configuration never gives it; the printer it would load to look costs time zone data
        context.getStatusManager().add(new NopStatusListener());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
