package org.remotefs.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A property-based (fuzz) run on plain JUnit: {@code tries} random inputs, each checked by a
 * property that must hold, each within a deadline and an allocation budget.
 *
 * <p>Every run draws a fresh seed and prints it, with the number of inputs tried and how they
 * ended (the property's labels), on standard output; a failing try is reported with its seed,
 * its index and its input, and {@code -Dremotefs.fuzz.seed=<seed>} replays the same inputs.
 * {@code -Dremotefs.fuzz.scale=<factor>} multiplies every run's tries (a long run). Nothing is
 * written anywhere but standard output.
 *
 * <p>The property runs on a worker thread: a try that does not end within the deadline is a
 * failure (a loop), as is a try whose thread allocated more than the budget (a header claiming a
 * huge table must not make the reader allocate it). The budget counts every byte allocated, even
 * short-lived ones, so it bounds the memory a try can ever hold.
 *
 * @param <T> the input
 */
public final class Fuzz<T> {
    /** The system property that replays a run's inputs. */
    public static final String SEED_PROPERTY = "remotefs.fuzz.seed";
    /** The system property that multiplies the tries of every run. */
    public static final String SCALE_PROPERTY = "remotefs.fuzz.scale";

    /** A property: checks one input (throws when it does not hold) and names how the input ended. */
    @FunctionalInterface
    public interface Property<T> {
        /** @return a short label of the outcome ({@code accepted}, an error code), counted in the report */
        String check(T input) throws Exception;
    }

    /** How a run went. */
    public record Report(String target, int tries, long seed, Duration took, Map<String, Integer> outcomes) {
        @Override
        public String toString() {
            return "fuzz " + target + ": " + tries + " inputs tried, 0 failures, in " + took.toMillis() + " ms (seed "
                    + seed + "); outcomes " + outcomes;
        }
    }

    private final String target;
    private final int tries;
    private final Duration deadline;
    private final long allocationBudget;
    private final Function<Random, T> generator;
    private final Function<T, String> describer;
    private Long seed;

    /**
     * @param target           what is fuzzed, for the report
     * @param tries            how many inputs (times the scale property)
     * @param deadline         the longest one try may take
     * @param allocationBudget the most bytes one try may allocate
     * @param generator        makes an input from a random source (only from it: the seed replays it)
     * @param describer        the input as a failure report shows it
     */
    public Fuzz(String target, int tries, Duration deadline, long allocationBudget, Function<Random, T> generator,
                Function<T, String> describer) {
        this.target = target;
        this.tries = scaled(tries);
        this.deadline = deadline;
        this.allocationBudget = allocationBudget;
        this.generator = generator;
        this.describer = describer;
    }

    /**
     * The seed of a run: {@code -Dremotefs.fuzz.seed} when given, else a fresh random one. For a test
     * that makes its inputs in advance (to have an oracle judge them all in one go), with
     * {@link #withSeed}.
     */
    public static long seed() {
        return Long.getLong(SEED_PROPERTY, new java.security.SecureRandom().nextLong());
    }

    /** Tries scaled by {@code -Dremotefs.fuzz.scale}, for inputs made in advance. */
    public static int scaled(int tries) {
        return Math.max(1, (int) Math.round(tries * scale()));
    }

    /** This run with the given seed, reported as its seed (the inputs were made from it). */
    public Fuzz<T> withSeed(long given) {
        this.seed = given;
        return this;
    }

    /**
     * Runs every try; throws an {@link AssertionError} naming the seed, the try and the input at the first
     * that fails, runs out of time or allocates too much.
     */
    public Report run(Property<T> property) {
        long seed = this.seed != null ? this.seed : seed();
        Random random = new Random(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        long start = System.nanoTime();
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-" + target);
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int index = 0; index < tries; index++) {
                T input = generator.apply(random);
                String outcome = runOne(worker, property, input, seed, index);
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            worker.shutdownNow();
        }
        Report report = new Report(target, tries, seed, Duration.ofNanos(System.nanoTime() - start), outcomes);
        System.out.println(report);
        return report;
    }

    private String runOne(ExecutorService worker, Property<T> property, T input, long seed, int index) {
        Future<Result> future = worker.submit(() -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            String outcome = property.check(input);
            return new Result(outcome, threads.getCurrentThreadAllocatedBytes() - before);
        });
        Result result;
        try {
            result = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure(seed, index, input, "did not end within " + deadline.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            throw failure(seed, index, input, "the property failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(seed, index, input, "interrupted", e);
        }
        if (result.allocated() > allocationBudget) {
            throw failure(seed, index, input, "allocated " + result.allocated() + " bytes, more than the budget of "
                    + allocationBudget, null);
        }
        return result.outcome();
    }

    private record Result(String outcome, long allocated) {
    }

    private AssertionError failure(long seed, int index, T input, String what, Throwable cause) {
        String shown = describer.apply(input);
        if (shown.length() > 4000) {
            shown = shown.substring(0, 4000) + "... (" + shown.length() + " characters)";
        }
        return new AssertionError("fuzz " + target + ": try " + index + " of " + tries + " " + what
                + "\n  replay with -D" + SEED_PROPERTY + "=" + seed + "\n  input: " + shown, cause);
    }

    private static double scale() {
        String scale = System.getProperty(SCALE_PROPERTY);
        return scale == null ? 1.0 : Double.parseDouble(scale);
    }
}
