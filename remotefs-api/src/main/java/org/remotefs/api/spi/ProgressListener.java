package org.remotefs.api.spi;

/** Told how far a long copy has come. Called from the copying thread; must be quick. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done  bytes or percent done
     * @param total the total in the same unit, or -1 when unknown
     */
    void progress(long done, long total);

    /** A listener that ignores progress. */
    static ProgressListener none() {
        return (done, total) -> {
        };
    }
}
