package org.remotefs.core.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Inter-process volume locks: a POSIX record lock ({@code fcntl}, what Java's {@link FileLock}
 * takes on Linux) on {@code <directory>/<lock name>} — exactly the file, and the kind of lock, that
 * Python Cinder's tooz file driver ({@code [coordination] backend_url = file://DIR}, through
 * fasteners' {@code lockf}) and oslo.concurrency's external locks take, so a Java and a Python
 * volume service on one host exclude each other. Held together with an in-process lock, since a
 * JVM cannot hold two record locks on one file.
 *
 * <p>Waits poll with a growing delay (to 100 ms, as fasteners does), are bounded by the caller's
 * time-out and end at once when the host asks to stop. The holder writes who it is into the file
 * ({@link LockHolder}) and clears it before releasing; a waiter that gives up names it. Lock files
 * stay after use, as tooz's and oslo's do: removing one while another process waits on it would
 * split the lock in two. A lock file is opened without following a link.
 *
 * <p>{@link #locks()} lists the held locks of the directory from the kernel's lock table
 * ({@link ProcLocks}), with the holder's record where it wrote one; waiters are not listed, since
 * every taker of these locks polls and a polling waiter leaves no trace.
 */
public final class FileLockService implements VolumeLockService, LockInventory {
    private static final long FIRST_DELAY_MILLIS = 5;
    private static final long MAX_DELAY_MILLIS = 100;

    private final Path directory;
    private final StopSignal stop;
    private final InProcessLockService local;
    /** Made when a holder record is first written or read: a command that takes no lock never sets Jackson up. */
    private final Supplier<ObjectMapper> mapper;
    private final HostIdentity self;
    private final Clock clock;
    private final Path lockTable;
    /** The records of the locks this service holds: read from here, since reading the file would drop the lock. */
    private final Map<String, LockHolder> heldHere = new ConcurrentHashMap<>();

    public FileLockService(Path directory, StopSignal stop, ObjectMapper mapper, HostIdentity self, Clock clock) {
        this(directory, stop, () -> mapper, self, clock);
    }

    /** @param mapper asked for when a holder record is first written or read */
    public FileLockService(Path directory, StopSignal stop, Supplier<ObjectMapper> mapper, HostIdentity self,
                           Clock clock) {
        this(directory, stop, mapper, self, clock, Path.of("/proc/locks"));
    }

    /** As above, with the kernel's lock table read from {@code lockTable} (for tests). */
    FileLockService(Path directory, StopSignal stop, ObjectMapper mapper, HostIdentity self, Clock clock,
                    Path lockTable) {
        this(directory, stop, () -> mapper, self, clock, lockTable);
    }

    private FileLockService(Path directory, StopSignal stop, Supplier<ObjectMapper> mapper, HostIdentity self,
                            Clock clock, Path lockTable) {
        this.directory = directory;
        this.stop = stop;
        this.local = new InProcessLockService(stop);
        this.mapper = mapper;
        this.self = self;
        this.clock = clock;
        this.lockTable = lockTable;
    }

    /** The directory holding the lock files. */
    public Path directory() {
        return directory;
    }

    @Override
    public Lease acquire(String name, String operation, Duration timeout) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a lock name: '" + name + "'");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Lease inProcess = local.acquire(name, operation, timeout);
        Path file = directory.resolve(name);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = waitFor(channel, name, timeout, deadline);
            LockHolder holder = new LockHolder(self.pid(), self.host(), operation, clock.instant());
            record(channel, holder);
            heldHere.put(name, holder);
            return new FileLease(name, channel, lock, inProcess, () -> heldHere.remove(name));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            inProcess.close();
            if (e instanceof RemoteFsException remote) {
                throw remote;
            }
            throw new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot take lock " + file + ": " + e,
                    Map.of("lock", name, "lock_file", file.toString()), e);
        }
    }

    private FileLock waitFor(FileChannel channel, String name, Duration timeout, long deadline) throws IOException {
        long delay = FIRST_DELAY_MILLIS;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // only if this JVM held it outside the in-process lock: a bug, not a wait
                throw new IllegalStateException("lock " + name + " is held twice in this process", e);
            }
            if (lock != null) {
                // taken even after a stop was requested: a roll-back may need it
                return lock;
            }
            if (stop.stopRequested()) {
                throw LockErrors.interrupted(name);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Optional<LockHolder> holder = LockHolder.parse(read(channel), mapper.get());
                throw LockErrors.timedOut(name, timeout, describe(holder), holder.filter(self::believes));
            }
            sleep(Math.min(delay, Math.max(1, left / 1_000_000)), name);
            delay = Math.min(MAX_DELAY_MILLIS, delay * 2);
        }
    }

    /** The holder as far as it is known: a record is believed only while its process still runs here. */
    private String describe(Optional<LockHolder> holder) {
        if (holder.isEmpty()) {
            return "another process that left no record (Python Cinder's tooz and oslo locks write none)";
        }
        if (!self.believes(holder.get())) {
            return "another process (the last recorded holder, process " + holder.get().pid()
                    + ", has ended; Python Cinder's tooz and oslo locks write no record)";
        }
        return holder.get().describe();
    }

    private void sleep(long millis, String name) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LockErrors.interrupted(name);
        }
    }

    private void record(FileChannel channel, LockHolder holder) throws IOException {
        // written while the lock is held: a waiter reads it only after its own attempt failed
        byte[] bytes = holder.toJson(mapper.get()).getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(bytes), 0);
    }

    private static String read(FileChannel channel) {
        try {
            long size = Math.min(channel.size(), 4096);
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // keep reading
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases any record lock in any case
            }
        }
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public List<LockEntry> locks() {
        ProcLocks table = ProcLocks.read(lockTable);
        List<LockEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long device = ((Number) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
                long inode = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
                table.holder(device, inode).ifPresent(pid -> entries.add(entry(name, file, pid)));
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list the lock directory " + directory + ": " + e,
                    Map.of("directory", directory.toString()), e);
        }
        return entries;
    }

    /** A held lock: its holder's record when the holder wrote one and still holds it, else its process alone. */
    private LockEntry entry(String name, Path file, long pid) {
        Optional<LockHolder> record = pid == self.pid() ? Optional.ofNullable(heldHere.get(name)) : recordOf(name, file);
        return record.filter(r -> r.pid() == pid && r.host().equals(self.host()))
                .map(r -> new LockEntry(name, LockEntry.State.HELD, null, r.host(), pid, r.operation(), r.since(),
                        file.toString()))
                .orElseGet(() -> new LockEntry(name, LockEntry.State.HELD, null, self.host(), pid, null, null,
                        file.toString()));
    }

    /**
     * The record in another process's lock file. Read while this process's in-process lock of that
     * name is held, so that no thread here takes the file lock meanwhile: closing the descriptor
     * read through would release it.
     */
    private Optional<LockHolder> recordOf(String name, Path file) {
        Lease inProcess;
        try {
            inProcess = local.acquire(name, "list", Duration.ZERO);
        } catch (RemoteFsException busy) {
            return Optional.ofNullable(heldHere.get(name));
        }
        try (inProcess; FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return LockHolder.parse(read(channel), mapper.get());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        local.close();
    }

    /** A held file lock: clears its record, then releases the file lock, then the in-process one. */
    private static final class FileLease implements Lease {
        private final String name;
        private final FileChannel channel;
        private final FileLock lock;
        private final Lease inProcess;
        private final Runnable forget;
        private boolean closed;

        FileLease(String name, FileChannel channel, FileLock lock, Lease inProcess, Runnable forget) {
            this.name = name;
            this.channel = channel;
            this.lock = lock;
            this.inProcess = inProcess;
            this.forget = forget;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void checkHeld() {
            // a record lock lasts as long as its process and its open file
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            forget.run();
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException e) {
                // closing the channel below releases the lock in any case
            } finally {
                closeQuietly(channel);
                inProcess.close();
            }
        }
    }
}
