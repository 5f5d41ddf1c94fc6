package org.remotefs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Runs the built {@code remotefs} jar as a separate process ({@code java -jar <jar> args...}) in a
 * given working directory, with a timeout, and hands back its exit status, stdout and stderr.
 */
final class RemotefsProcess {
    /** Generous: a thick 1 GiB volume takes a few seconds, everything else well under one. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Reads exactly one JSON document: trailing content is an error. */
    private static final ObjectReader ONE_DOCUMENT = new ObjectMapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Options that make the JVM print "Picked up ..." on stderr, which would break the JSON contract. */
    private static final List<String> JVM_ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /** The JVM options bin/remotefs always passes; LaunchersIT proves they keep stdout clean. */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:-UsePerfData");

    /** Readers of the child's stdout and stderr: their own threads, so that neither can starve the other. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "remotefs-output-reader");
        thread.setDaemon(true);
        return thread;
    });

    private static Path jar;

    /** The class-data sharing archive's name, next to the jar (remotefs-cli's pom makes it). */
    static final String ARCHIVE = "remotefs.jsa";

    private final Path workingDirectory;

    RemotefsProcess(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** {@code remotefs args...} in this process's working directory. */
    Result run(String... args) {
        return exec(command(args), workingDirectory, "remotefs " + String.join(" ", args));
    }

    /** Commands of a test that all begin with the same global options (configuration, format). */
    Commands with(List<String> global) {
        return new Commands(List.copyOf(global));
    }

    /** {@link #run} with a test's global options put first; its JSON document when it succeeds. */
    final class Commands {
        private final List<String> global;

        private Commands(List<String> global) {
            this.global = global;
        }

        String[] args(String... command) {
            List<String> all = new ArrayList<>(global);
            all.addAll(List.of(command));
            return all.toArray(String[]::new);
        }

        Result run(String... command) {
            return RemotefsProcess.this.run(args(command));
        }

        /** The command's one JSON document on stdout; a failure (exit status not 0) fails the test. */
        JsonNode json(String... command) {
            Result result = run(command);
            if (result.exitCode() != 0) {
                throw new AssertionError("expected exit status 0: " + result);
            }
            return result.stdoutJson();
        }
    }

    /**
     * Starts {@code remotefs args...} with extra environment variables and returns at once: for
     * tests that signal or kill the command while it runs. {@link #finish} collects its result.
     */
    Running start(Map<String, String> environment, String... args) {
        ProcessBuilder builder = builder(command(args), workingDirectory);
        builder.environment().putAll(environment);
        return new Running(launch(builder, String.join(" ", args)), "remotefs " + String.join(" ", args));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // start-up speed only: the command runs for well under a second
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // as bin/remotefs does: the JVM's own warnings (a locked hsperfdata file) must not reach stdout
        command.addAll(LAUNCHER_JVM_OPTIONS);
        // and the class-data sharing archive the build made, as bin/remotefs uses it (with its checksums
        // checked in full rather than its stamp looked at: tests are not timed)
        Path archive = jar().resolveSibling(ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.addAll(List.of("-Xshare:auto", "-XX:+VerifySharedSpaces", "-XX:SharedArchiveFile=" + archive));
        }
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A started command: its process, whose output is read as it comes. */
    static final class Running {
        private final Process process;
        private final String shown;
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;

        private Running(Process process, String shown) {
            this.process = process;
            this.shown = shown;
            this.stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
            this.stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
        }

        Process process() {
            return process;
        }

        /** Waits for the end, within the timeout, and returns what it gave. */
        Result finish() {
            return collect(process, shown, stdout, stderr);
        }
    }

    /**
     * Starts {@code remotefs args...} with its output going to files, not pipes: for a test that
     * reads what the command wrote while its process is still there (a process that cannot end
     * yet holds a pipe open, files can be read at any time).
     */
    Process startToFiles(Path stdout, Path stderr, String... args) throws java.io.IOException {
        return builder(command(args), workingDirectory).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
    }

    /** Any command (qemu-img, ...) in a directory, with the same timeout. */
    /**
     * Checks with {@code qemu-io} that MiB {@code i} of {@code image} holds byte {@code patterns[i]},
     * for every pattern given.
     */
    static void assertReads(Path image, String format, Path directory, int... patterns) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format, "-r"));
        for (int i = 0; i < patterns.length; i++) {
            command.add("-c");
            command.add("read -P " + patterns[i] + " " + i + "M 1M");
        }
        command.add(image.toString());
        Result result = exec(command, directory);
        if (result.exitCode() != 0 || result.stdout().contains("Pattern verification failed")) {
            throw new AssertionError(image + " does not read its data: " + result);
        }
    }

    static Result exec(List<String> command, Path directory) {
        return exec(command, directory, String.join(" ", command));
    }

    private static Result exec(List<String> command, Path directory, String shown) {
        Process process = launch(builder(command, directory), shown);
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
        return collect(process, shown, stdout, stderr);
    }

    private static ProcessBuilder builder(List<String> command, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        JVM_ENVIRONMENT.forEach(environment::remove);
        environment.put("LC_ALL", "C");
        return builder;
    }

    private static Process launch(ProcessBuilder builder, String shown) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + shown, e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to write anyway
        }
        return process;
    }

    private static Result collect(Process process, String shown, CompletableFuture<String> stdout,
                                  CompletableFuture<String> stderr) {
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("'" + shown + "' did not finish within " + TIMEOUT
                        + "; stdout so far:\n" + stdout.getNow("?") + "\nstderr so far:\n" + stderr.getNow("?"));
            }
            return new Result(shown, process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + shown, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + shown, e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shaded jar, from {@code target/} of the module (Failsafe's working directory), or of
     * {@code remotefs-cli/} when run from the repository root.
     */
    static synchronized Path jar() {
        if (jar == null) {
            Path here = Path.of("").toAbsolutePath();
            List<Path> candidates = new ArrayList<>();
            for (Path target : List.of(here.resolve("target"), here.resolve("remotefs-cli").resolve("target"))) {
                if (Files.isDirectory(target)) {
                    try (Stream<Path> files = Files.list(target)) {
                        files.filter(f -> f.getFileName().toString().matches("remotefs-cli-.*-all\\.jar"))
                                .forEach(candidates::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (!candidates.isEmpty()) {
                    break;
                }
            }
            if (candidates.isEmpty()) {
                throw new AssertionError("the runnable jar remotefs-cli-*-all.jar is not in " + here.resolve("target")
                        + ": build it first (mvn -B -pl remotefs-cli -am -DskipTests package, or run the tests with "
                        + "mvn -B verify -pl remotefs-cli -am)");
            }
            if (candidates.size() > 1) {
                throw new AssertionError("several runnable jars in target/, cannot tell which to test: " + candidates
                        + " (run mvn -B clean verify -pl remotefs-cli -am)");
            }
            jar = candidates.get(0);
        }
        return jar;
    }

    /** Parses a text that must hold exactly one JSON document. */
    static JsonNode parseOne(String text, String what) {
        try {
            JsonNode node = ONE_DOCUMENT.readValue(text);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError(what + " holds no JSON document: <" + text + ">");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + " is not exactly one JSON document (" + e.getOriginalMessage() + "):\n"
                    + text, e);
        }
    }

    /** What one run gave. */
    record Result(String commandLine, int exitCode, String stdout, String stderr) {
        /** stdout, which must be exactly one JSON document. */
        JsonNode stdoutJson() {
            return parseOne(stdout, "stdout of '" + commandLine + "'");
        }

        /** stderr, which must be exactly one JSON document. */
        JsonNode stderrJson() {
            return parseOne(stderr, "stderr of '" + commandLine + "'");
        }

        @Override
        public String toString() {
            return "'" + commandLine + "' exited with " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n"
                    + stderr;
        }
    }
}
