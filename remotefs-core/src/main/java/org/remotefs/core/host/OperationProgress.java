package org.remotefs.core.host;

import org.remotefs.api.spi.ProgressEvent;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.api.spi.ProgressReporter;

/**
 * Carries the progress of a driver's long operations to the host's {@link ProgressReporter}
 * without passing it through every method: the driver starts an operation on its thread
 * ({@link #start}); what runs inside it — a {@code qemu-img -p}, a thick write, an image download —
 * reports the fraction of its own step ({@link #fraction}); a caller with several steps gives each a
 * part of the whole ({@link #part}). The host hears each new whole percent once, never a smaller
 * one, and 100 when the operation succeeds. One per driver, like the {@link OperationGuard}; each
 * thread has its own operation.
 */
public final class OperationProgress {
    private final ProgressReporter reporter;
    // an instance field, not static state: each driver knows its own threads' operations
    private final ThreadLocal<Running> current = new ThreadLocal<>();

    public OperationProgress(ProgressReporter reporter) {
        this.reporter = reporter;
    }

    /** Progress nobody is told: for tools that run outside an operation. */
    public static OperationProgress none() {
        return new OperationProgress(ProgressReporter.none());
    }

    /** A started operation; closing it ends it (having reported 100 when {@link #succeeded()} was called). */
    public interface Operation extends AutoCloseable {
        /** The operation succeeded: the host hears 100, when it heard anything of this operation. */
        void succeeded();

        @Override
        void close();
    }

    /** A part of the operation given to a step; closing it gives the rest back to its caller. */
    public interface Part extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts an operation on the calling thread. Inside another one (a driver's operation made of
     * another), the outer one goes on and this returns an operation that reports nothing itself.
     *
     * @param operation Cinder's name of it ({@code create_cloned_volume})
     */
    public Operation start(String operation, String volumeId) {
        if (current.get() != null) {
            return new Operation() {
                @Override
                public void succeeded() {
                }

                @Override
                public void close() {
                }
            };
        }
        Running running = new Running(operation, volumeId);
        current.set(running);
        return new Operation() {
            @Override
            public void succeeded() {
                running.finish();
            }

            @Override
            public void close() {
                current.remove();
            }
        };
    }

    /**
     * Whether the calling thread runs an operation and the host listens ({@link ProgressReporter#none()}
     * does not): only then is it worth asking a tool for its progress.
     */
    public boolean active() {
        return current.get() != null && reporter != ProgressReporter.none();
    }

    /**
     * Gives the calling step the span {@code from}..{@code to} of what its caller's span is (both in
     * percent of that span): a download in the first half, a conversion in the second.
     */
    public Part part(int from, int to) {
        Running running = current.get();
        if (running == null) {
            return () -> {
            };
        }
        double base = running.base;
        double span = running.span;
        running.base = base + span * from / 100.0;
        running.span = span * (to - from) / 100.0;
        return () -> {
            running.base = base;
            running.span = span;
        };
    }

    /**
     * The current step has done this fraction (0 to 1) of its work.
     *
     * @param bytesDone  the bytes of the step done, or -1 when not known
     * @param bytesTotal the bytes of the step, or -1 when not known
     */
    public void fraction(double fraction, long bytesDone, long bytesTotal) {
        step().fraction(fraction, bytesDone, bytesTotal);
    }

    /** How far one step has come, told from any thread (a process's output is read on a thread of its own). */
    @FunctionalInterface
    public interface Step {
        /** As {@link OperationProgress#fraction}. */
        void fraction(double fraction, long bytesDone, long bytesTotal);
    }

    /**
     * The current step of the calling thread's operation, in the part it has now: for reports made
     * from another thread. Outside an operation, a step that tells nobody.
     */
    public Step step() {
        Running running = current.get();
        if (running == null) {
            return (fraction, done, total) -> {
            };
        }
        double base = running.base;
        double span = running.span;
        return (fraction, done, total) -> {
            if (!Double.isNaN(fraction)) {
                running.report(base + span * Math.max(0, Math.min(1, fraction)), done, total);
            }
        };
    }

    /** A listener of a copy's bytes ({@link ProgressListener}: done of total) for the current step. */
    public ProgressListener bytes() {
        Step step = step();
        return (done, total) -> {
            if (total > 0 && done >= 0) {
                step.fraction((double) done / total, done, total);
            }
        };
    }

    /**
     * One operation of one thread: its part of the whole (changed on that thread only), and the
     * last whole percent reported (from any thread its steps report on).
     */
    private final class Running {
        private final String operation;
        private final String volumeId;
        private double base;
        private double span = 100;
        private int reported = -1;
        private long lastBytes = -1;
        private long lastTotal = -1;

        Running(String operation, String volumeId) {
            this.operation = operation;
            this.volumeId = volumeId;
        }

        synchronized void report(double percent, long bytesDone, long bytesTotal) {
            // floor: 99.6 % is not done; a step that cannot tell its bytes keeps the last known
            int whole = (int) Math.min(100, Math.floor(percent));
            if (bytesDone >= 0) {
                lastBytes = bytesDone;
                lastTotal = bytesTotal;
            }
            if (whole > reported) {
                reported = whole;
                tell(whole);
            }
        }

        synchronized void finish() {
            if (reported >= 0 && reported < 100) {
                if (lastTotal > 0) {
                    lastBytes = lastTotal;
                }
                reported = 100;
                tell(100);
            }
        }

        private void tell(int percent) {
            try {
                reporter.report(new ProgressEvent(operation, volumeId, percent, lastBytes, lastTotal));
            } catch (RuntimeException e) {
                // a display that fails does not fail the operation it shows
            }
        }
    }
}
