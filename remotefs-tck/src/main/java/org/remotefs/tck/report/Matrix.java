package org.remotefs.tck.report;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Backends × contracts: what the report writers render.
 *
 * @param title     the report's heading
 * @param tckVersion the suite's version
 * @param backends  the backends, in the order run
 */
public record Matrix(String title, String tckVersion, List<BackendResult> backends) {
    public Matrix {
        backends = List.copyOf(backends);
    }

    /** The contracts any backend ran, sorted. */
    public SortedSet<String> contracts() {
        SortedSet<String> contracts = new TreeSet<>();
        backends.forEach(b -> b.tests().forEach(t -> contracts.add(t.contract())));
        return contracts;
    }

    /** Whether a cell failed: the run's exit status is 0 only when none did. */
    public boolean failed() {
        return backends.stream().anyMatch(BackendResult::failed);
    }

    public Matrix masked(UnaryOperator<String> mask) {
        return new Matrix(title, tckVersion, backends.stream().map(b -> b.masked(mask)).toList());
    }

    /** The anchor of a backend's failures of a contract, shared by the HTML and Markdown pages. */
    static String anchor(String backend, String contract) {
        return "fail-" + (backend + "-" + contract).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
