package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.remotefs.api.spi.ProgressEvent;
import org.remotefs.api.spi.ProgressReporter;

/**
 * The CLI's {@link ProgressReporter}: keeps each operation's percent rising (a report that does
 * not raise it is dropped, so a display is redrawn at most once per whole percent), works out the
 * rate from the bytes of the current step, and hands what is left to a renderer (a bar or JSON
 * lines). {@link #end} completes what a successful command left short of 100 and ends the
 * renderer's line. Thread-safe: reports may come from any thread of the driver.
 */
final class ProgressDisplay implements ProgressReporter {
    private final ProgressRenderer renderer;
    private final LongSupplier nanoTime;
    private final Map<Key, Shown> shown = new LinkedHashMap<>();

    /** @param nanoTime the monotonic clock the rate is measured with ({@code System::nanoTime}) */
    ProgressDisplay(ProgressRenderer renderer, LongSupplier nanoTime) {
        this.renderer = renderer;
        this.nanoTime = nanoTime;
    }

    /** What is drawn, once the percent is known to have risen. */
    interface ProgressRenderer {
        /** @param bytesPerSecond the current step's rate, or -1 when it cannot be told */
        void show(ProgressEvent event, double bytesPerSecond);

        /** No more reports follow: a line being redrawn is ended. */
        void end();
    }

    private record Key(String operation, String volumeId) {
    }

    /** The last percent shown of one operation on one volume, and where its step's rate is measured from. */
    private static final class Shown {
        int percent = -1;
        long stepStartNanos;
        long stepStartBytes = -1;
        long stepTotal = -1;
    }

    @Override
    public synchronized void report(ProgressEvent event) {
        Shown last = shown.computeIfAbsent(new Key(event.operation(), event.volumeId()), key -> new Shown());
        long now = nanoTime.getAsLong();
        double rate = rate(last, event, now);
        if (event.percent() <= last.percent) {
            return;
        }
        last.percent = event.percent();
        renderer.show(event, rate);
    }

    private static double rate(Shown last, ProgressEvent event, long now) {
        if (event.bytesDone() < 0) {
            return -1;
        }
        // a new step (another total, or fewer bytes than before) measures from here
        if (last.stepStartBytes < 0 || event.bytesTotal() != last.stepTotal || event.bytesDone() < last.stepStartBytes) {
            last.stepStartBytes = event.bytesDone();
            last.stepStartNanos = now;
            last.stepTotal = event.bytesTotal();
            return -1;
        }
        long elapsed = now - last.stepStartNanos;
        return elapsed <= 0 ? -1 : (event.bytesDone() - last.stepStartBytes) * 1e9 / elapsed;
    }

    /** Something else is about to print on stderr: a line being redrawn is ended, and drawing goes on below. */
    synchronized void breakLine() {
        renderer.end();
    }

    /**
     * The command ended. When it succeeded, each operation shown short of 100 is shown at 100 (a
     * driver that did not report its end); then the renderer ends its line. Idempotent.
     */
    synchronized void end(boolean succeeded) {
        if (succeeded) {
            shown.forEach((key, last) -> {
                if (last.percent < 100) {
                    last.percent = 100;
                    renderer.show(new ProgressEvent(key.operation(), key.volumeId(), 100, -1, -1), -1);
                }
            });
        }
        renderer.end();
    }
}
