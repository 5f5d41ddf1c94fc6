package org.remotefs.tck.report;

import java.util.List;

/**
 * One backend's outcome for one contract.
 *
 * @param state   what the cell says
 * @param note    a short text beside it: the deviations' reasons, how many tests were refusals
 * @param failed  the failed tests, whose diagnostics the cell links to
 */
public record Cell(CellState state, String note, List<TestResult> failed) {
    public Cell {
        failed = List.copyOf(failed);
    }

    /**
     * The cell of a contract's tests: failed when one failed; else a known deviation when one is
     * listed; else not declared when every test was a checked refusal; else skipped when none ran;
     * else passed.
     */
    static Cell of(List<TestResult> tests) {
        List<TestResult> failed = tests.stream().filter(TestResult::failed).toList();
        long refused = tests.stream().filter(t -> t.status().equals("refused")).count();
        long passed = tests.stream().filter(t -> t.status().equals("passed")).count();
        List<String> deviations = tests.stream().filter(t -> t.status().equals("known-deviation"))
                .map(t -> t.test() + ": " + t.reason()).toList();
        if (!failed.isEmpty()) {
            return new Cell(CellState.FAILED, failed.size() + " of " + tests.size() + " failed", failed);
        }
        if (!deviations.isEmpty()) {
            return new Cell(CellState.KNOWN_DEVIATION, String.join("; ", deviations), List.of());
        }
        if (refused > 0 && passed == 0) {
            return new Cell(CellState.NOT_DECLARED, refused + " refusal(s) checked", List.of());
        }
        if (passed == 0) {
            return new Cell(CellState.SKIPPED, tests.stream().map(TestResult::reason).filter(r -> !r.isBlank())
                    .distinct().findFirst().orElse("no test ran"), List.of());
        }
        return new Cell(CellState.PASSED, refused > 0 ? passed + " passed, " + refused + " not declared (refusal checked)"
                : passed + " passed", List.of());
    }
}
