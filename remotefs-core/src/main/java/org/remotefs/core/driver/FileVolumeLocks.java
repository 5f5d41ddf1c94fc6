package org.remotefs.core.driver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Inter-process volume locks: a POSIX record lock ({@code fcntl}, what Java's {@link FileLock}
 * takes on Linux, and what oslo.concurrency's external locks take) on the file
 * {@code <lock_path>/<lock name>}, held together with an in-process lock, since a JVM cannot hold
 * two record locks on one file. Lock files stay after use, as oslo's do: removing one while
 * another process waits on it would split the lock in two.
 */
public final class FileVolumeLocks implements VolumeLocks {
    private final Path directory;
    private final LocalVolumeLocks local = new LocalVolumeLocks();

    public FileVolumeLocks(Path directory) {
        this.directory = directory;
    }

    @Override
    public Held lock(String name) {
        Held inProcess = local.lock(name);
        Path file = directory.resolve(name);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            FileChannel held = channel;
            return () -> {
                try {
                    lock.release();
                    held.close();
                } catch (IOException e) {
                    // closing the channel releases the lock in any case
                } finally {
                    inProcess.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
            inProcess.close();
            if (e instanceof RemoteFsException remote) {
                throw remote;
            }
            throw new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot take lock " + file + ": " + e,
                    Map.of("lock", file.toString()), e);
        }
    }
}
