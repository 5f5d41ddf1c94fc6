package org.remotefs.core.volume;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.share.ShareCalls;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.host.OperationProgress;

/**
 * The file operations Cinder runs as commands ({@code chmod}, {@code chown --reference},
 * {@code rm -f}, {@code truncate}, {@code dd}, {@code fallocate}). When an operation must run as root and a root
 * helper is configured, it runs as Cinder's command through the helper; otherwise the service
 * already has the rights the command would have, and it runs in-process — the same effect
 * without a child process.
 */
public final class FileOperations {
    private static final int ZERO_BLOCK = 1 << 20;

    private final CommandRunner runner;
    private final RootHelper rootHelper;
    private final OperationGuard guard;
    private final ThickAllocation thickAllocation;
    private final OperationProgress progress;
    private final ShareCalls calls;

    public FileOperations(CommandRunner runner, RootHelper rootHelper) {
        this(runner, rootHelper, OperationGuard.none());
    }

    /** @param guard stops long in-process writes (a thick file) when the host asks to stop */
    public FileOperations(CommandRunner runner, RootHelper rootHelper, OperationGuard guard) {
        this(runner, rootHelper, guard, ThickAllocation.WRITE_ZEROS);
    }

    /**
     * @param guard           stops long in-process writes (a thick file) when the host asks to stop
     * @param thickAllocation how {@link #createThick} allocates a file
     */
    public FileOperations(CommandRunner runner, RootHelper rootHelper, OperationGuard guard,
                          ThickAllocation thickAllocation) {
        this(runner, rootHelper, guard, thickAllocation, ShareCalls.unbounded(), OperationProgress.none());
    }

    /**
     * @param calls    bounds each in-process call on a share by the share's deadline
     *                 ({@code share_io_timeout}); a thick file's blocks are written one bounded call each
     * @param progress told how much of a thick file written in-process is written
     */
    public FileOperations(CommandRunner runner, RootHelper rootHelper, OperationGuard guard,
                          ThickAllocation thickAllocation, ShareCalls calls, OperationProgress progress) {
        this.runner = runner;
        this.rootHelper = rootHelper;
        this.guard = guard;
        this.thickAllocation = thickAllocation;
        this.calls = calls;
        this.progress = progress;
    }

    /** What bounds the calls on shares, for the in-process writers beside this one. */
    public ShareCalls calls() {
        return calls;
    }

    /** Whether a file (not following a link) exists, asked within the share's deadline. */
    public boolean exists(Path path) {
        try {
            return calls.call(path, () -> Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw io("stat", path, e);
        }
    }

    /**
     * Whether a write that must run as root ({@code asRoot}) may run in this process: no root
     * helper is configured, or the write need not be root's. Otherwise the helper runs a command.
     */
    public boolean inProcess(boolean asRoot) {
        return !viaHelper(asRoot);
    }

    private boolean viaHelper(boolean asRoot) {
        return asRoot && !rootHelper.prefix().isEmpty();
    }

    /** {@code chmod 660} ({@code secure}) or {@code chmod ugo+rw}. */
    public void chmodVolume(Path path, boolean secure, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("chmod", secure ? "660" : "ugo+rw", path.toString()).asRoot(true));
            return;
        }
        try {
            calls.run(path, () -> {
                Set<PosixFilePermission> permissions;
                if (secure) {
                    permissions = PosixFilePermissions.fromString("rw-rw----");
                } else {
                    permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
                    permissions.addAll(PosixFilePermissions.fromString("rw-rw-rw-"));
                }
                Files.setPosixFilePermissions(path, permissions);
            });
        } catch (IOException e) {
            throw io("chmod", path, e);
        }
    }

    /** Gives {@code path} the mode of {@code reference} (an atomically replaced file keeps its mode). */
    public void copyMode(Path reference, Path path) {
        try {
            calls.run(path, () -> Files.setPosixFilePermissions(path, Files.getPosixFilePermissions(reference)));
        } catch (IOException e) {
            throw io("chmod", path, e);
        }
    }

    /** {@code chown --reference=<reference> <path>}. */
    public void chownReference(Path reference, Path path, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("chown", "--reference=" + reference, path.toString()).asRoot(true));
            return;
        }
        try {
            calls.run(path, () -> {
                PosixFileAttributes attributes = Files.readAttributes(reference, PosixFileAttributes.class);
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(attributes.owner());
                view.setGroup(attributes.group());
            });
        } catch (IOException e) {
            throw io("chown", path, e);
        }
    }

    /** {@code rm -f <path>}: a missing file is not an error. */
    public void delete(Path path, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("rm", "-f", path.toString()).asRoot(true).asCleanup());
            return;
        }
        try {
            calls.run(path, () -> Files.deleteIfExists(path));
        } catch (IOException e) {
            throw io("rm -f", path, e);
        }
    }

    /**
     * Gives a complete file its final name: {@code rename(2)} in one directory, refused with
     * {@link ErrorCode#VOLUME_EXISTS} when a file of that name exists (the temporary file stays
     * for the caller to remove). Through a root helper: {@code mv -n -T}, which never replaces,
     * checked afterwards.
     */
    public void publish(Path temporary, Path target, boolean asRoot) {
        if (exists(target)) {
            throw existsError(target);
        }
        if (viaHelper(asRoot)) {
            runner.run(Command.of("mv", "-n", "-T", temporary.toString(), target.toString()).asRoot(true));
            if (exists(temporary)) {
                throw existsError(target);
            }
            return;
        }
        try {
            // without REPLACE_EXISTING: a file that appeared meanwhile is never replaced
            calls.run(target, () -> Files.move(temporary, target));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw existsError(target);
        } catch (IOException e) {
            throw io("rename to " + target.getFileName() + ":", temporary, e);
        }
    }

    /**
     * Replaces a file by a complete new one in one step ({@code rename(2)} over it, atomic in one
     * directory): a reader sees the old file or the new one, never a partial one. Through a root
     * helper: {@code mv -f -T}.
     */
    public void replace(Path temporary, Path target, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("mv", "-f", "-T", temporary.toString(), target.toString()).asRoot(true));
            return;
        }
        try {
            calls.run(target, () -> Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw io("rename over " + target.getFileName() + ":", temporary, e);
        }
    }

    private static RemoteFsException existsError(Path target) {
        return new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + target,
                Map.of("file", target.toString()));
    }

    /**
     * Creates the empty file, failing if it exists (in-process only; through a root helper the
     * commands that follow create it).
     */
    public void claim(Path path, boolean asRoot) {
        if (viaHelper(asRoot)) {
            return;
        }
        try {
            calls.run(path, () -> Files.createFile(path));
        } catch (IOException e) {
            throw io("create", path, e);
        }
    }

    /** {@code truncate -s <N>G <path>}: a new sparse file. */
    public void createSparse(Path path, int sizeGib, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("truncate", "-s", sizeGib + "G", path.toString()).asRoot(true));
            return;
        }
        try {
            calls.run(path, () -> {
                try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
                    file.setLength((long) sizeGib << 30);
                }
            });
        } catch (IOException e) {
            throw io("truncate", path, e);
        }
    }

    /**
     * A new file of {@code sizeGib} GiB with all its blocks allocated, as the {@link ThickAllocation}
     * says: {@code fallocate --length=<N>G <path>} (always a command: the JDK cannot reserve blocks;
     * as root through the root helper when {@code asRoot} and one is configured), falling back to
     * writing zeros where the file system answers "Operation not supported"; or zeros at once.
     */
    public void createThick(Path path, int sizeGib, boolean asRoot) {
        if (thickAllocation == ThickAllocation.FALLOCATE) {
            try {
                runner.run(Command.of("fallocate", "--length=" + sizeGib + "G", path.toString())
                        .asRoot(viaHelper(asRoot)));
                return;
            } catch (ProcessExecutionException e) {
                if (!e.stderr().toLowerCase(java.util.Locale.ROOT).contains("operation not supported")) {
                    throw e;
                }
                // Cinder's GlusterFS driver does the same: a file system without fallocate gets zeros
            }
        }
        writeZeros(path, sizeGib, asRoot);
    }

    /** {@code dd if=/dev/zero of=<path> bs=1M count=<N*1024>}: the file written in full. */
    private void writeZeros(Path path, int sizeGib, boolean asRoot) {
        if (viaHelper(asRoot)) {
            runner.run(Command.of("dd", "if=/dev/zero", "of=" + path, "bs=1M", "count=" + (sizeGib * 1024L)).asRoot(true));
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_BLOCK);
        try {
            // opened, written block by block and closed in calls bounded by the share's deadline:
            // a share that stops answering midway fails the write within it (a close flushes too)
            FileChannel channel = calls.call(path, () -> FileChannel.open(path, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE));
            long blocks = (long) sizeGib * 1024;
            ProgressListener written = progress.bytes();
            try {
                for (long block = 0; block < blocks; block++) {
                    // a large file takes minutes: a stop is honoured between two blocks
                    guard.beforeWrite("writing " + path.getFileName());
                    written.progress(block * ZERO_BLOCK, blocks * ZERO_BLOCK);
                    calls.run(path, () -> {
                        zeros.clear();
                        while (zeros.hasRemaining()) {
                            channel.write(zeros);
                        }
                    });
                }
            } finally {
                calls.run(path, channel::close);
            }
            written.progress(blocks * ZERO_BLOCK, blocks * ZERO_BLOCK);
        } catch (IOException e) {
            throw io("dd", path, e);
        }
    }

    /** A failed in-process file operation: {@code NO_SPACE} when the share is full (a thick file's zeros), else {@code SHARE_IO_ERROR}. */
    private static RemoteFsException io(String operation, Path path, IOException e) {
        return new RemoteFsException(IoErrors.codeOf(e), operation + " " + path + " failed: " + e,
                Map.of("file", path.toString()), e);
    }
}
