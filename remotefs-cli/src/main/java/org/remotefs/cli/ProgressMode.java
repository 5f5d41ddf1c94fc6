package org.remotefs.cli;

/**
 * How long operations show their progress on stderr ({@code --progress}); stdout never carries it.
 */
public enum ProgressMode {
    /** A bar when stderr is a terminal, nothing otherwise (a pipe, a file, a CI log). */
    AUTO,
    /** One line redrawn with carriage returns: operation, volume, bar, percent, rate. */
    BAR,
    /** One JSON object per line: {@code {"progress": {"operation", "volume", "percent"}}}. */
    JSON,
    /** Nothing. */
    NONE;

    /** The modes as they are typed, lower-case: for the help text and shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    /** The mode {@code AUTO} stands for, given whether stderr is a terminal. */
    ProgressMode resolve(boolean stderrIsTerminal) {
        if (this != AUTO) {
            return this;
        }
        return stderrIsTerminal ? BAR : NONE;
    }
}
