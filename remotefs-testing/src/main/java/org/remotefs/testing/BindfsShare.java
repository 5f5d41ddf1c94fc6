package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A share served by a FUSE server ({@code bindfs} mirroring a backing directory) that a test can
 * stop with SIGSTOP: every file-system call on the mount then blocks in the kernel until the server
 * is resumed, as on a hard NFS mount of a dead server.
 *
 * <p>{@link #close()} — every exit path of a test — resumes the server, aborts the FUSE connection
 * when it can (root: {@code /sys/fs/fuse/connections/N/abort}), unmounts lazily and ends the server,
 * so a failed test never leaves a hung mount behind ({@code .ci/run} also cleans up what a killed
 * test left). Needs {@code /usr/bin/bindfs} and {@code /dev/fuse} ({@link #available()}).
 */
public final class BindfsShare implements AutoCloseable {
    private final Path backing;
    private final Path mountPoint;
    private Process server;

    /**
     * @param backing    the directory whose files the share serves (looked at from outside the mount)
     * @param mountPoint where the share is mounted
     */
    public BindfsShare(Path backing, Path mountPoint) {
        this.backing = backing;
        this.mountPoint = mountPoint;
    }

    /** Whether bindfs and FUSE are there. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/bindfs")) && Files.exists(Path.of("/dev/fuse"));
    }

    /** Mounts the share and waits until the mount table lists it. */
    public BindfsShare start() {
        try {
            Files.createDirectories(backing);
            Files.createDirectories(mountPoint);
            server = new ProcessBuilder("bindfs", "-f", "--no-allow-other", backing.toString(), mountPoint.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100; i++) {
                if (connection().isPresent()) {
                    return this;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("bindfs did not mount " + mountPoint);
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public Path backing() {
        return backing;
    }

    /** Stops the server (SIGSTOP): every call on the share blocks until {@link #resume()}. */
    public void stop() {
        signal("STOP");
    }

    /** Resumes the server (SIGCONT): the blocked calls are answered. */
    public void resume() {
        signal("CONT");
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        signal("CONT");
        connection().ifPresent(id -> {
            Path abort = Path.of("/sys/fs/fuse/connections", id, "abort");
            if (Files.isWritable(abort)) {
                try {
                    Files.writeString(abort, "1", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    // the lazy unmount below still detaches it
                }
            }
        });
        run("fusermount", "-u", "-z", mountPoint.toString());
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The FUSE connection of the mount: the minor device number mountinfo gives it (read without touching the mount). */
    private Optional<String> connection() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].equals(mountPoint.toString()) && line.contains(" - fuse")) {
                    return Optional.of(fields[2].substring(fields[2].indexOf(':') + 1));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) {
        if (server != null && server.isAlive()) {
            run("kill", "-" + signal, Long.toString(server.pid()));
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
