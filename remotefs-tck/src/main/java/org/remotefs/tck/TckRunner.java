package org.remotefs.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.nio.file.Path;
import java.util.Map;

import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs every contract through the JUnit Platform launcher, as {@code remotefs tck} does. */
public final class TckRunner {
    public static final String CONTRACTS = "org.remotefs.tck.contract";

    /**
     * What a run gave.
     *
     * @param summary the launcher's counts and failures
     * @param reports the conformance reports written, by backend id
     * @param results every contract test's outcome, with a failure's diagnostics
     * @param capabilities what the backend declared
     */
    public record Result(TestExecutionSummary summary, Map<String, Path> reports,
                         java.util.List<ConformanceReport.Detailed> results, java.util.SortedSet<String> capabilities) {

        /** A run passes when it ran contracts and none failed. */
        public boolean passed() {
            return summary.getTestsStartedCount() > 0 && summary.getTotalFailureCount() == 0;
        }
    }

    /**
     * @param binding    the binding's class name
     * @param parameters further configuration parameters ({@code remotefs.tck.config}, ...)
     * @param reportDir  where the conformance reports go
     */
    public Result run(String binding, Map<String, String> parameters, Path reportDir) {
        return run(binding, parameters, reportDir, () -> {
        });
    }

    /**
     * As {@link #run(String, Map, Path)}, calling {@code betweenTests} after each contract test has
     * finished and cleaned up after itself: the place where a run that was asked to stop can end
     * without leaving a test's volumes behind (the JUnit Platform of this version cannot cancel a
     * run from outside).
     */
    public Result run(String binding, Map<String, String> parameters, Path reportDir, Runnable betweenTests) {
        return run(binding, parameters, reportDir, betweenTests, java.util.List.of());
    }

    /**
     * As {@link #run(String, Map, Path, Runnable)}, running only the named contracts (simple class
     * names such as {@code ExtendContract}; none named: all).
     *
     * @throws IllegalArgumentException naming a contract there is not
     */
    public Result run(String binding, Map<String, String> parameters, Path reportDir, Runnable betweenTests,
                      java.util.List<String> contracts) {
        contracts.forEach(TckRunner::checkContract);
        String[] patterns = contracts.isEmpty() ? new String[] {".*Contract"}
                : contracts.stream().map(c -> java.util.regex.Pattern.quote(CONTRACTS + "." + c)).toArray(String[]::new);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(CONTRACTS))
                .filters(ClassNameFilter.includeClassNamePatterns(patterns))
                .configurationParameters(parameters)
                .configurationParameter(Bindings.PARAMETER, binding)
                .configurationParameter(ConformanceReport.REPORT_DIR, reportDir.toString())
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        ConformanceReport report = new ConformanceReport();
        TestExecutionListener between = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                if (identifier.isTest()) {
                    betweenTests.run();
                }
            }
        };
        launcher.execute(request, summary, report, between);
        return new Result(summary.getSummary(), report.written(), report.results(), report.capabilities());
    }

    /** A contract's simple name must name one: a typo would otherwise run nothing. */
    private static void checkContract(String name) {
        try {
            Class.forName(CONTRACTS + "." + name, false, TckRunner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("there is no contract " + name + " (contracts are classes such as"
                    + " ExtendContract in " + CONTRACTS + ")", e);
        }
        if (!name.endsWith("Contract")) {
            throw new IllegalArgumentException(name + " is not a contract (their names end in Contract)");
        }
    }
}
