package org.remotefs.tck;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A backend's reviewed list of contract tests it is known to fail, each with its reason and the
 * issue that tracks it: a deviation is declared in a file a person reads, never in code. Listed
 * tests are reported as {@code known deviation} with the reason, instead of failing the run; in
 * strict mode the list is not applied, and a listed test that passes is reported as one to take
 * off the list.
 *
 * <p>The file ({@value #FILE}) holds one line per test: {@code Contract#test | reason | issue},
 * for instance {@code ExtendContract#extendGrowsTheVolumeAndKeepsItsData | resize is done by the
 * array | https://tracker.example/123}. Blank lines and lines starting with {@code #} are
 * ignored. A line naming no contract test, or lacking a reason or an issue, is an error naming
 * the file and the line.
 */
public final class KnownDeviations {
    /** Configuration parameter: the file of known deviations. */
    public static final String FILE = "remotefs.tck.known-deviations";
    /** Configuration parameter: {@code true} to run listed tests all the same. */
    public static final String STRICT = "remotefs.tck.strict";

    /** One listed test. */
    public record Deviation(String test, String reason, String issue, String origin) {
        /** What the report says of the test. */
        public String describe() {
            return reason + " (" + issue + "; " + origin + ")";
        }
    }

    private final Map<String, Deviation> byTest;
    private final boolean strict;

    private KnownDeviations(Map<String, Deviation> byTest, boolean strict) {
        this.byTest = Map.copyOf(byTest);
        this.strict = strict;
    }

    /** The run's deviations, from its configuration parameters; none when no file is named. */
    static KnownDeviations from(Function<String, Optional<String>> parameters) {
        boolean strict = parameters.apply(STRICT).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
        Optional<String> file = parameters.apply(FILE).map(String::strip).filter(v -> !v.isEmpty());
        return new KnownDeviations(file.map(f -> parse(Path.of(f))).orElse(Map.of()), strict);
    }

    /** The deviation listed for a contract's test method, if any. */
    Optional<Deviation> of(Class<?> contract, Method test) {
        return Optional.ofNullable(byTest.get(contract.getSimpleName() + "#" + test.getName()));
    }

    boolean strict() {
        return strict;
    }

    /**
     * Reads and checks a list before a run, for a runner that wants one clear error.
     *
     * @return how many tests it lists
     * @throws IllegalArgumentException naming the file and the line of the first bad line
     */
    public static int check(Path file) {
        return parse(file).size();
    }

    static Map<String, Deviation> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the known-deviations file " + file + " (" + FILE + "): " + e, e);
        }
        Map<String, Deviation> deviations = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            String[] fields = Arrays.stream(line.split("\\|", -1)).map(String::strip).toArray(String[]::new);
            if (fields.length != 3 || fields[1].isEmpty() || fields[2].isEmpty()) {
                throw new IllegalArgumentException(origin + ": a known deviation is 'Contract#test | reason | issue',"
                        + " all three given; found '" + line + "'");
            }
            checkTest(fields[0], origin);
            if (deviations.put(fields[0], new Deviation(fields[0], fields[1], fields[2], origin)) != null) {
                throw new IllegalArgumentException(origin + ": " + fields[0] + " is listed twice");
            }
        }
        return deviations;
    }

    /** The test must exist: a typo would otherwise silently list nothing. */
    private static void checkTest(String test, String origin) {
        int hash = test.indexOf('#');
        if (hash <= 0 || hash == test.length() - 1) {
            throw new IllegalArgumentException(origin + ": '" + test + "' is not Contract#test");
        }
        String className = TckRunner.CONTRACTS + "." + test.substring(0, hash);
        String method = test.substring(hash + 1);
        Class<?> contract;
        try {
            contract = Class.forName(className, false, KnownDeviations.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(origin + ": there is no contract " + test.substring(0, hash)
                    + " (looked for " + className + ")", e);
        }
        boolean found = Arrays.stream(contract.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals(method)
                        && (m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class)));
        if (!found) {
            throw new IllegalArgumentException(origin + ": contract " + contract.getSimpleName() + " has no test " + method);
        }
    }
}
