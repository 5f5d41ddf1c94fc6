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
 */
public record TestResult(String contract, String test, String status, String reason, String diagnostics) {
    public TestResult {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        diagnostics = diagnostics == null ? "" : diagnostics;
    }

    public boolean failed() {
        return status.equals("failed");
    }
}
