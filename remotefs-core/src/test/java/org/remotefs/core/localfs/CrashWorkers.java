package org.remotefs.core.localfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link CrashWorker} JVMs, each the leader of its own process group ({@code setsid}), so
 * that a kill takes the JVM and every tool it started ({@code qemu-img}) at once:
 * {@code kill -KILL -- -<pid>}. Every worker started is remembered by its process id and killed
 * with its group on {@link #close()}, whatever ended the test.
 */
final class CrashWorkers implements AutoCloseable {
    private static final Duration LINE_WAIT = Duration.ofSeconds(120);
    /** A worker JVM made to start fast: it runs one operation, which is mostly I/O and qemu-img. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xshare:auto", "-Xmx256m");

    private final Path configFile;
    private final Path logDirectory;
    private final List<Worker> started = new ArrayList<>();
    private int count;

    CrashWorkers(Path configFile, Path logDirectory) {
        this.configFile = configFile;
        this.logDirectory = logDirectory;
    }

    /** A new worker JVM; it says {@code ready} once its backend is built. */
    Worker start() {
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(),
                configFile.toString()));
        Path log = logDirectory.resolve("worker-" + (++count) + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            Worker worker = new Worker(process, log);
            started.add(worker);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every worker still running, with its process group, killed by its process id. */
    @Override
    public void close() {
        for (Worker worker : started) {
            if (worker.process.isAlive()) {
                worker.kill();
            }
        }
    }

    /** A worker's child named by its program and first argument; a child not yet exec'd is a tool starting. */
    private static String tool(ProcessHandle.Info child) {
        String program = Path.of(child.command().orElseThrow()).getFileName().toString();
        if (program.equals("java") || program.equals("jspawnhelper")) {
            return "a tool starting";
        }
        return (program + " " + child.arguments().filter(a -> a.length > 0).map(a -> a[0]).orElse("")).strip();
    }

    /** One worker JVM: its lines, its job, its kill. */
    static final class Worker {
        private final Process process;
        private final Path log;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Worker(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(this::readLines, "crash-worker-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void readLines() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(CrashWorker.PREFIX)) {
                        lines.add(line.substring(CrashWorker.PREFIX.length()));
                    }
                }
            } catch (IOException e) {
                // the worker was killed: its output ends
            }
            lines.add("eof");
        }

        long pid() {
            return process.pid();
        }

        /** The worker's next line ({@code eof} when its output ended). */
        String next() {
            try {
                String line = lines.poll(LINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new IllegalStateException("worker " + process.pid() + " said nothing for " + LINE_WAIT
                            + "; its log: " + log());
                }
                return line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Waits for {@code ready}, sends the job, and waits for {@code start}. */
        void begin(CrashJob job) {
            expect("ready");
            try {
                Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                in.write(job.line() + "\n");
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            expect("start");
        }

        private void expect(String wanted) {
            String line = next();
            if (!line.equals(wanted)) {
                throw new IllegalStateException("worker " + process.pid() + " said '" + line + "', not '" + wanted
                        + "'; its log: " + log());
            }
        }

        /**
         * SIGKILL to the worker JVM at once (no tool launched in between), then to its whole
         * process group (the tools it started); returns when none of them is left.
         *
         * @return where the kill landed: {@code qemu-img <step>} (a tool and its first argument) while the
         *         worker ran one, else {@code in-process}
         */
        String kill() {
            String where = process.descendants().map(ProcessHandle::info).filter(i -> i.command().isPresent())
                    .map(CrashWorkers::tool).findFirst().orElse("in-process");
            boolean running = process.isAlive();
            process.destroyForcibly();
            long group = process.pid();
            try {
                if (running) {
                    // only a group this kill left leaderless: one whose worker ended by itself holds
                    // nothing (it waits for its tools), and its id may be another's by now
                    new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("worker " + group + " outlived SIGKILL");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ProcessGroups.alive(group)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("process group " + group + " outlived SIGKILL");
                    }
                    Thread.sleep(5);
                }
                return where;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The worker's stderr so far (its logs). */
        String log() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
