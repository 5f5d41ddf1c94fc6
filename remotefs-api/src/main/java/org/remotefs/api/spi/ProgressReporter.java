package org.remotefs.api.spi;

/**
 * The host's display of how far long operations have come (a progress bar, JSON lines, a
 * service's task status): a host service the runtime hands to drivers through
 * {@link DriverContext}, as it does the {@link StopSignal}. A driver reports the operations that
 * copy or write a volume's data — thick creation, clones, volumes from snapshots, image copies in
 * both directions, snapshot deletion (merging images) and extension through a format conversion —
 * and need not report the others. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ProgressReporter {

    /**
     * Called from the operation's thread, each time its whole percent grows (at least 0 once and,
     * when it succeeds, 100 once); it must return quickly and never throw.
     */
    void report(ProgressEvent event);

    /**
     * A reporter that shows nothing: for hosts without a display. Always the same instance, so a
     * driver can tell that nobody listens and spare the work of measuring (core then runs
     * {@code qemu-img} without {@code -p}).
     */
    static ProgressReporter none() {
        return NoProgress.INSTANCE;
    }
}
