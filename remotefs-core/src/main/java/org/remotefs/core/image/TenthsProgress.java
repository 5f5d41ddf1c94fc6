package org.remotefs.core.image;

import java.util.function.IntConsumer;

import org.remotefs.api.spi.ProgressListener;

/**
 * Turns a copy's byte counts into at most eleven reports: 0 %, 10 %, ... 100 %, each once, in
 * order. Copies call their listener per buffer (a 10 GiB image a million times); a person
 * reading the log wants the tenths. Not thread-safe: one copy, one instance.
 */
final class TenthsProgress implements ProgressListener {
    private final IntConsumer percent;
    private long lastTenth = -1;

    /** @param percent told each new tenth reached, as a percentage (0, 10, ... 100) */
    TenthsProgress(IntConsumer percent) {
        this.percent = percent;
    }

    @Override
    public void progress(long done, long total) {
        if (total <= 0 || done < 0) {
            return;
        }
        long tenth = Math.min(10, done * 10 / total);
        // a tenth skipped by a large step is not reported late; a step back is not reported at all
        if (tenth > lastTenth) {
            lastTenth = tenth;
            percent.accept((int) tenth * 10);
        }
    }
}
