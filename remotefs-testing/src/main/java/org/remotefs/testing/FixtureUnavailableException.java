package org.remotefs.testing;

import org.opentest4j.TestAbortedException;

/**
 * A fixture cannot start on this machine: root is missing, or a package it needs is not installed.
 * It is opentest4j's "aborted", so JUnit 5 reports the test as skipped with this message as the
 * reason, as an assumption that failed would be.
 */
public final class FixtureUnavailableException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    public FixtureUnavailableException(String message) {
        super(message);
    }
}
