package org.remotefs.tck.report;

import java.util.Objects;

/**
 * One contract test's outcome on one backend, as the conformance report records it.
 *
 * @param contract    the contract's simple class name
 * @param test        the test's display name
 * @param status      {@code passed}, {@code refused}, {@code failed}, {@code known-deviation} or
 *                    {@code skipped}
 * @param reason      the failure's message, the deviation's reason, the refusal or the skip's reason
 * @param diagnostics for a failed test: message, trimmed stack trace and the shares' diagnostics
 * @param seconds     how long it took (0 when not known)
 */
public record TestResult(String contract, String test, String status, String reason, String diagnostics,
                         double seconds) {
    public TestResult {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        diagnostics = diagnostics == null ? "" : diagnostics;
    }

    /** A result whose duration is not known. */
    public TestResult(String contract, String test, String status, String reason, String diagnostics) {
        this(contract, test, status, reason, diagnostics, 0);
    }

    public boolean failed() {
        return status.equals("failed");
    }
}
