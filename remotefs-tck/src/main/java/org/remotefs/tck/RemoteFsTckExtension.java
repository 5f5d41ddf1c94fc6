package org.remotefs.tck;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.Capability;
import org.remotefs.core.json.Json;

/**
 * Runs every {@link RemoteFsContract} class once for the backend binding, named after the backend
 * ({@code [localfs]}). Each test gets a freshly opened backend on its own scratch directory, owns
 * what it creates (deleted afterwards, failure or not), is checked for leaks (volume files left on
 * the shares, child processes still running), and, when it fails, leaves diagnostics in the report:
 * the shares' listing, the info files, {@code qemu-img info --backing-chain}, the commands the
 * driver ran.
 */
public final class RemoteFsTckExtension implements ClassTemplateInvocationContextProvider {
    /** Report-entry keys the conformance report reads. */
    public static final String ENTRY_BACKEND = "remotefs.tck.backend";
    public static final String ENTRY_OUTCOME = "remotefs.tck.outcome";
    public static final String ENTRY_DIAGNOSTICS = "remotefs.tck.diagnostics";
    /** How a listed test's skip reason starts, and how a listed test that passed in strict mode is noted. */
    static final String KNOWN_DEVIATION = "known deviation: ";
    static final String DEVIATION_PASSES = "deviation-passes: ";

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<? extends ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
            ExtensionContext context) {
        TckBinding binding = Bindings.find(context);
        KnownDeviations deviations = KnownDeviations.from(context::getConfigurationParameter);
        return Stream.of(new ClassTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + binding.backendId() + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new PerTest(binding, deviations));
            }
        });
    }

    /** The per-test lifecycle of one binding's invocation. */
    static final class PerTest implements BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor,
            ExecutionCondition {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PerTest.class);

        private final TckBinding binding;
        private final KnownDeviations deviations;

        PerTest(TckBinding binding, KnownDeviations deviations) {
            this.binding = binding;
            this.deviations = deviations;
        }

        /** A test the backend lists as a known deviation is not run, unless the run is strict. */
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty() || deviations.strict()) {
                return ConditionEvaluationResult.enabled("not a listed test, or a strict run");
            }
            return deviations.of(context.getRequiredTestClass(), context.getRequiredTestMethod())
                    .map(d -> ConditionEvaluationResult.disabled(KNOWN_DEVIATION + d.describe()))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("not a known deviation"));
        }

        private record State(Tck tck, Path scratch, Set<String> filesBefore, long childrenBefore,
                             Set<String> mountsBefore) {
        }

        /** Mount points the kernel lists now (the second field of /proc/mounts); empty where there is none. */
        private static Set<String> mounts() {
            Path table = Path.of("/proc/mounts");
            if (!Files.isReadable(table)) {
                return Set.of();
            }
            try {
                return Files.readAllLines(table).stream().map(line -> line.split(" "))
                        .filter(fields -> fields.length > 1).map(fields -> fields[1])
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
            } catch (java.io.IOException e) {
                return Set.of();
            }
        }

        @Override
        public void beforeEach(ExtensionContext context) throws Exception {
            Path scratch = Files.createTempDirectory("remotefs-tck-");
            TckHost host = new TckHost(scratch);
            TckBackend backend = host.opened(openBase(scratch, host));
            Tck tck = new Tck(binding, backend, scratch, host);
            context.getStore(NAMESPACE).put(State.class, new State(tck, scratch,
                    Tck.volumeFiles(backend.shareDirectories()), children(), mounts()));
            context.publishReportEntry(ENTRY_BACKEND, Json.mapper().writeValueAsString(Map.of(
                    "id", binding.backendId(),
                    "version", backend.version(),
                    "capabilities", backend.capabilities().stream().map(Enum::name).sorted().toList(),
                    "environment", new TreeMap<>(backend.environment()))));
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            State state = context.getStore(NAMESPACE).remove(State.class, State.class);
            if (state == null) {
                return;
            }
            TckBackend backend = state.tck().backend();
            try {
                if (context.getExecutionException().isPresent()) {
                    context.publishReportEntry(ENTRY_DIAGNOSTICS, Diagnostics.describe(backend));
                } else {
                    // a strict run ran the listed tests: one that passed is listed no longer rightly
                    deviations.of(context.getRequiredTestClass(), context.getRequiredTestMethod())
                            .ifPresent(d -> context.publishReportEntry(ENTRY_OUTCOME, DEVIATION_PASSES + d.describe()));
                }
                state.tck().close();
                Set<String> left = Tck.volumeFiles(backend.shareDirectories());
                left.removeAll(state.filesBefore());
                if (!left.isEmpty() && context.getExecutionException().isEmpty()) {
                    throw new AssertionError("leak: the test left volume files on the shares: " + left);
                }
                // only mounts of this test's own: under its scratch directory or its shares
                Set<String> mounts = new java.util.TreeSet<>(mounts());
                mounts.removeAll(state.mountsBefore());
                mounts.removeIf(point -> !point.startsWith(state.scratch().toString())
                        && backend.shareDirectories().stream().noneMatch(share -> point.startsWith(share.toString())));
                if (!mounts.isEmpty() && context.getExecutionException().isEmpty()) {
                    throw new AssertionError("leak: the test left mounts behind: " + mounts);
                }
                long children = children();
                if (children > state.childrenBefore() && context.getExecutionException().isEmpty()) {
                    throw new AssertionError("leak: " + (children - state.childrenBefore())
                            + " child process(es) still running after the test");
                }
            } finally {
                backend.close();
                try (Stream<Path> files = Files.walk(state.scratch())) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        /**
         * The test's own backend: thin, or for a backend that refuses thin volume files (it does not
         * declare them) the first of thick and qcow2 it accepts; the provisioning contract checks
         * that refusal on its own.
         */
        private TckBackend openBase(Path scratch, TckHost host) throws Exception {
            RemoteFsException first = null;
            for (Provisioning provisioning : List.of(Provisioning.THIN, Provisioning.THICK, Provisioning.QCOW2)) {
                try {
                    return binding.open(scratch, provisioning, host.services());
                } catch (RemoteFsException e) {
                    if (e.code() != ErrorCode.UNSUPPORTED) {
                        throw e;
                    }
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        private static long children() {
            return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Tck.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE).get(State.class, State.class).tck();
        }

        @Override
        public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
            gate(invocation, invocationContext, context);
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                                ReflectiveInvocationContext<Method> invocationContext,
                                                ExtensionContext context) throws Throwable {
            gate(invocation, invocationContext, context);
        }

        /** An undeclared capability's test becomes its refusal check. */
        private void gate(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                          ExtensionContext context) throws Throwable {
            Requires requires = invocationContext.getExecutable().getAnnotation(Requires.class);
            Tck tck = context.getStore(NAMESPACE).get(State.class, State.class).tck();
            if (requires == null || tck.declares(requires.value())) {
                invocation.proceed();
                return;
            }
            invocation.skip();
            Capability capability = requires.value();
            Optional<String> notApplicable = RefusalChecks.check(capability, tck);
            context.publishReportEntry(ENTRY_OUTCOME, notApplicable.isPresent() ? "not-applicable: "
                    + notApplicable.get() : "refused: " + RefusalChecks.refusal(capability));
            org.junit.jupiter.api.Assumptions.assumeTrue(notApplicable.isEmpty(), notApplicable.orElse(""));
        }
    }

    static String join(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
