package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.testing.BindfsShare;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A share whose server stops answering in the middle of a command ends that command with
 * {@code SHARE_UNAVAILABLE} within about {@code share_io_timeout}, and the next commands serve the
 * healthy share. A write the FUSE server had already taken when it stopped is waited out by the
 * kernel, uninterruptibly: the failed command's process, its error written, can only end once
 * the server answers (or its connection is aborted), which the test checks too.
 */
final class HungShareIT {
    @TempDir
    Path work;

    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() {
        remotefs = new RemotefsProcess(work);
    }

    @Test
    void aShareThatHangsMidWriteEndsTheCommandAndTheNextCommandsServe() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        Path shares = work.resolve("shares");
        Path config = Files.writeString(work.resolve("remotefs.conf"), "remotefs.backends.a { driver = localfs, "
                + "localfs_shares_config = \"" + shares + "\", share_io_timeout = 2, localfs_sparsed_volumes = false }\n",
                StandardCharsets.UTF_8);
        Path stderr = work.resolve("create.err");
        Process create = null;
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Files.writeString(shares, share.mountPoint() + "\n", StandardCharsets.UTF_8);
            create = remotefs.startToFiles(work.resolve("create.out"), stderr, "--config", config.toString(), "volume",
                    "create", "--size", "2", "-f", "json");
            awaitWriting(share.backing(), create);
            share.stop();
            long stopped = System.nanoTime();

            JsonNode error = reported(stderr, Duration.ofSeconds(15));

            Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            System.out.println("hung mid-write: the create reported its error " + took.toMillis() + " ms after SIGSTOP");
            assertThat(error.path("code").asText()).isEqualTo("SHARE_UNAVAILABLE");
            assertThat(error.path("details").path("share").asText()).isEqualTo(share.mountPoint().toString());

            // the next commands, while the write the server took stays blocked in the kernel
            Files.writeString(shares, share.mountPoint() + "\n" + healthy + "\n", StandardCharsets.UTF_8);
            long before = System.nanoTime();
            Result list = remotefs.run("--config", config.toString(), "volume", "list", "-f", "json");
            Result created = remotefs.run("--config", config.toString(), "volume", "create", "--size", "1",
                    "-f", "json");
            System.out.println("hung share: a list and a create on the healthy share took "
                    + Duration.ofNanos(System.nanoTime() - before).toMillis() + " ms");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.stdoutJson()).isEmpty();
            assertThat(created.exitCode()).as(created.toString()).isZero();
            try (Stream<Path> files = Files.list(healthy)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("volume-"));
            }

            // once the server answers, nothing of the failed command is left
            share.resume();
            assertThat(create.waitFor(20, TimeUnit.SECONDS)).as("the create's process ends").isTrue();
            assertThat(create.exitValue()).isNotZero();
        } finally {
            if (create != null) {
                create.destroyForcibly();
            }
        }
    }

    /** The command's error, once it wrote it whole (its process may still wait for the kernel). */
    private static JsonNode reported(Path stderr, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(stderr);
            if (text.strip().endsWith("}")) {
                try {
                    return RemotefsProcess.parseOne(text, "stderr of the create");
                } catch (AssertionError | RuntimeException incomplete) {
                    // still being written
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the create reported nothing within " + timeout + ": " + Files.readString(stderr));
    }

    private static void awaitWriting(Path backing, Process command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!command.isAlive()) {
                throw new AssertionError("the create ended (status " + command.exitValue() + ") before the stop");
            }
            try (Stream<Path> files = Files.list(backing)) {
                if (files.anyMatch(f -> size(f) > (16L << 20))) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the thick write did not start");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
