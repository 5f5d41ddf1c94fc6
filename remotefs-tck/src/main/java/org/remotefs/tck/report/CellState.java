package org.remotefs.tck.report;

/** What one cell of the matrix — one backend, one contract — says. */
public enum CellState {
    /** A contract test failed: the run fails. */
    FAILED("failed"),
    /** A contract test the backend lists as a known deviation, with its reason. */
    KNOWN_DEVIATION("known deviation"),
    /** Every test is of a capability the backend does not declare, and each refusal was checked. */
    NOT_DECLARED("not declared"),
    /** Every test passed (some may be refusals of undeclared capabilities, checked). */
    PASSED("passed"),
    /** Nothing ran: skipped, with the reason (the binding lacks what the tests need). */
    SKIPPED("skipped");

    private final String label;

    CellState(String label) {
        this.label = label;
    }

    /** As the report shows it. */
    public String label() {
        return label;
    }

    /** For CSS classes and anchors. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
