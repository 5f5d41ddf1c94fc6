package org.remotefs.api.spi;

/** {@link ProgressReporter#none()}: one instance, so that a driver can tell nobody is listening. */
final class NoProgress implements ProgressReporter {
    static final NoProgress INSTANCE = new NoProgress();

    private NoProgress() {
    }

    @Override
    public void report(ProgressEvent event) {
        // nobody shows it
    }
}
