package org.remotefs.tck.report;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One backend's conformance run.
 *
 * @param name         the backend's name in the configuration
 * @param driver       its driver id
 * @param capabilities what it declares
 * @param tests        each contract test's outcome
 * @param setupError   why the run could not start (the backend could not be made), if so
 * @param seconds      how long the run took
 */
public record BackendResult(String name, String driver, List<String> capabilities, List<TestResult> tests,
                            Optional<String> setupError, double seconds) {
    public BackendResult {
        capabilities = List.copyOf(capabilities);
        tests = List.copyOf(tests);
    }

    /** The cell of a contract; {@code FAILED} for every contract when the backend could not be set up. */
    public Cell cell(String contract) {
        if (setupError.isPresent()) {
            return new Cell(CellState.FAILED, "the backend could not be set up",
                    List.of(new TestResult(contract, "setup", "failed", setupError.get(), setupError.get())));
        }
        return Cell.of(tests.stream().filter(t -> t.contract().equals(contract)).toList());
    }

    public boolean failed() {
        return setupError.isPresent() || tests.stream().anyMatch(TestResult::failed);
    }

    /** The same result with every text passed through {@code mask} (the configuration's secrets). */
    public BackendResult masked(UnaryOperator<String> mask) {
        return new BackendResult(mask.apply(name), mask.apply(driver), capabilities,
                tests.stream().map(t -> new TestResult(t.contract(), mask.apply(t.test()), t.status(),
                        mask.apply(t.reason()), mask.apply(t.diagnostics()), t.seconds())).toList(),
                setupError.map(mask), seconds);
    }
}
