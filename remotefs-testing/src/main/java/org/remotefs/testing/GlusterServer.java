package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A GlusterFS server on this machine: {@code glusterd} in the foreground ({@code -N}) with a private
 * copy of {@code glusterd.vol} — its own working and run directories, listening on 127.0.0.1 only
 * ({@code transport.socket.bind-address}) — and the volumes a test creates, each on a fresh brick
 * directory, served by brick processes that listen on 127.0.0.1 too. Shares are mounted for real
 * ({@code mount -t glusterfs <host>:/<volume> <mount point>}, FUSE).
 *
 * <p>The management port is GlusterFS's own, 24007, which {@code mount.glusterfs} asks by default:
 * one server runs on a machine at a time, and {@link #start()} fails, naming what listens there,
 * when the port is taken. Bricks are addressed by the machine's host name, which must resolve to
 * 127.0.0.1 (the gluster command refuses {@code 127.0.0.1} and {@code localhost} as brick hosts):
 * when it does not, a line is added to {@code /etc/hosts} and removed again by {@link #close()}.
 *
 * <p>{@link #close()} unmounts every mount of the server's volumes, stops and deletes the volumes
 * (their brick processes outlive {@code glusterd}), then stops {@code glusterd}, all by process id;
 * a JVM shutdown hook does the same when a test run ends without closing it. Nothing is ever
 * stopped by name.
 *
 * <p>Needs root, Debian's {@code glusterfs-server} and {@code glusterfs-client}, and {@code ss}
 * ({@code iproute2}). Without them {@link #start()} throws {@link FixtureUnavailableException} — a
 * failure instead when the environment variable {@code REMOTEFS_REQUIRE_FIXTURES} is set, as CI
 * sets it, so that CI never skips these tests silently.
 */
public final class GlusterServer implements AutoCloseable {
    /** The management port of glusterd, where {@code mount.glusterfs} fetches a volume's layout. */
    public static final int MANAGEMENT_PORT = 24007;
    private static final Pattern LISTENER = Pattern.compile("^\\S+\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+.*users:\\((.*)\\)\\s*$");
    /** Where GlusterFS's clients and bricks log, whatever the server's work directory. */
    private static final Path LOG_DIRECTORY = Path.of("/var/log/glusterfs");
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    /** A brick node of {@code gluster volume status --xml} whose status is 1 (online). */
    private static final Pattern BRICK_ONLINE = Pattern.compile("<node>\\s*<hostname>[^<]*</hostname>\\s*<path>/[^<]*</path>"
            + "\\s*<peerid>[^<]*</peerid>\\s*<status>1</status>");

    private Path workDirectory;
    private String brickHost;
    private Duration startTimeout = Duration.ofSeconds(30);

    private boolean temporaryWorkDirectory;
    private boolean hostsLineAdded;
    private Process glusterd;
    private int bricksMade;
    private final Map<String, GlusterVolume> volumes = new LinkedHashMap<>();
    private final List<Path> brickFileSystems = new ArrayList<>();

    /** Where the server keeps its state, logs, run files and bricks (default: a new temporary directory). */
    public GlusterServer withWorkDirectory(Path directory) {
        this.workDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The host name bricks are addressed by (default: this machine's host name); it must resolve to 127.0.0.1. */
    public GlusterServer withBrickHost(String host) {
        this.brickHost = Objects.requireNonNull(host, "host");
        return this;
    }

    /** How long glusterd may take to answer after it was started (default 30 seconds; it takes about one). */
    public GlusterServer withStartTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * For tests that mount nothing for real but run a GlusterFS driver, whose setup checks that
     * {@code mount.glusterfs} is installed: skips them where it is not (fails them where
     * {@code REMOTEFS_REQUIRE_FIXTURES} is set).
     */
    public static void requireClient() {
        if (!Commands.installed("mount.glusterfs")) {
            throw Fixtures.unavailable("glusterfs-client is not installed (mount.glusterfs)");
        }
    }

    /** Starts glusterd and waits until it answers; checks that it listens on 127.0.0.1 only. */
    public synchronized GlusterServer start() {
        if (glusterd != null) {
            throw new IllegalStateException("glusterd is running already");
        }
        requireEnvironment();
        try {
            if (workDirectory == null) {
                workDirectory = Files.createTempDirectory("glusterd-");
                temporaryWorkDirectory = true;
            }
            for (String directory : List.of("state", "run", "log", "bricks")) {
                Files.createDirectories(workDirectory.resolve(directory));
            }
            if (brickHost == null) {
                brickHost = InetAddress.getLocalHost().getHostName();
            }
            ensureLoopbackName(brickHost);
            Files.writeString(volfile(), """
                    volume management
                        type mgmt/glusterd
                        option working-directory %1$s/state
                        option run-directory %1$s/run
                        option glusterd-sockfile %1$s/run/glusterd.socket
                        option transport-type socket
                        option transport.socket.bind-address 127.0.0.1
                        option transport.socket.listen-port %2$d
                        option transport.socket.keepalive-time 10
                        option transport.socket.keepalive-interval 2
                        option transport.socket.read-fail-log off
                        option ping-timeout 0
                        option event-threads 1
                        option max-port 60999
                    end-volume
                    """.formatted(workDirectory, MANAGEMENT_PORT));
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "glusterd fixture shutdown"));
            launchGlusterd();
            requireLoopbackOnly();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The host name bricks are addressed by, and shares are named with ({@code <host>:/<volume>}). */
    public String brickHost() {
        return brickHost;
    }

    /** The running glusterd's process id. */
    public synchronized long pid() {
        requireRunning();
        return glusterd.pid();
    }

    /**
     * Creates and starts a volume on a fresh brick directory under the work directory. A brick on the
     * root file system is created with {@code force}, which the gluster command requires there.
     */
    public GlusterVolume createVolume(String name) {
        return createVolume(name, null);
    }

    /**
     * Creates and starts a volume whose brick is on a tmpfs of its own of the given size
     * ({@code 2G}, {@code 512M}): its capacity is that file system's, written by nothing else.
     */
    public synchronized GlusterVolume createVolume(String name, String brickFileSystemSize) {
        requireRunning();
        if (volumes.containsKey(name)) {
            throw new IllegalArgumentException("volume " + name + " exists already");
        }
        try {
            Path home = Files.createDirectories(workDirectory.resolve("bricks").resolve(name + "-" + (++bricksMade)));
            if (brickFileSystemSize != null) {
                Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + brickFileSystemSize, "gluster-brick-" + name,
                        home.toString()));
                brickFileSystems.add(home);
            }
            // a brick is a directory below a mount point, never the mount point itself
            Path brick = Files.createDirectories(home.resolve("brick"));
            List<String> create = new ArrayList<>(List.of("volume", "create", name, brickHost + ":" + brick));
            if (onRootFileSystem(brick)) {
                create.add("force");
            }
            GlusterVolume volume = new GlusterVolume(name, brickHost + ":/" + name, brick);
            volumes.put(name, volume);
            gluster(create);
            // Samba's hook scripts (if any are installed) keep away from a test's volume
            gluster(List.of("volume", "set", name, "user.smb", "disable"));
            gluster(List.of("volume", "start", name));
            awaitBrick(name);
            requireLoopbackOnly();
            return volume;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code gluster volume set <volume> <key> <value>}. */
    public synchronized void setVolumeOption(String volume, String key, String value) {
        requireRunning();
        gluster(List.of("volume", "set", volume, key, value));
    }

    /** Unmounts the volume's mounts, stops and deletes it, and removes its brick. */
    public synchronized void deleteVolume(String name) {
        GlusterVolume volume = volumes.get(name);
        if (volume == null) {
            throw new IllegalArgumentException("no volume " + name);
        }
        unmountAll(Set.of(name));
        gluster(List.of("volume", "stop", name, "force"));
        gluster(List.of("volume", "delete", name));
        volumes.remove(name);
        removeBrick(volume.brick());
    }

    /**
     * Mounts a share of this server ({@code <host>:/<volume>} or a directory of it,
     * {@code <host>:/<volume>/<dir>}) for the test itself; {@link #close()} unmounts it.
     */
    public Path mount(String share, Path mountPoint) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.run(List.of("mount", "-t", "glusterfs", share, mountPoint.toString()));
        return mountPoint;
    }

    /** {@code umount <mount point>} of a mount made by {@link #mount} or by the code under test. */
    public void unmount(Path mountPoint) {
        Commands.run(List.of("umount", mountPoint.toString()));
        deleteClientLog(mountPoint);
    }

    /**
     * Stops glusterd alone, by its process id: the bricks go on serving mounted volumes, but nothing
     * can be mounted any more (a management daemon that is down). {@link #restartGlusterd()} brings
     * it back with its volumes.
     */
    public synchronized void stopGlusterd() {
        requireRunning();
        stop(glusterd.toHandle());
        glusterd = null;
    }

    /** Starts glusterd again after {@link #stopGlusterd()}, with the volumes it had. */
    public synchronized void restartGlusterd() {
        if (glusterd != null) {
            throw new IllegalStateException("glusterd is running");
        }
        launchGlusterd();
        requireLoopbackOnly();
    }

    /**
     * The command line of the FUSE client serving a mount ({@code /usr/sbin/glusterfs
     * --process-name fuse --volfile-server=<host> ... <mount point>}): what {@code mount.glusterfs}
     * made of the mount's options.
     */
    public List<String> clientCommandLine(Path mountPoint) {
        ProcessHandle client = client(mountPoint);
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(client.pid()), "cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the log file {@code mount.glusterfs} gives a mount's FUSE client,
     * {@code /var/log/glusterfs/<mount point, '/' as '-'>.log}: for a test that unmounted a mount of
     * this server itself (the server removes those of the mounts it unmounts, and its bricks' logs).
     */
    public static void deleteClientLog(Path mountPoint) {
        deleteLog(LOG_DIRECTORY.resolve(logName(mountPoint)));
    }

    /** GlusterFS's log name for a path: the absolute path without its first '/', each further '/' a '-'. */
    private static String logName(Path path) {
        return path.toAbsolutePath().toString().substring(1).replace('/', '-') + ".log";
    }

    private static void deleteLog(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process id of the FUSE client serving a mount: a new one after each mount. */
    public long clientPid(Path mountPoint) {
        return client(mountPoint).pid();
    }

    private static ProcessHandle client(Path mountPoint) {
        return ProcessHandle.allProcesses()
                .filter(process -> isClientOf(process, mountPoint))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no glusterfs client serves " + mountPoint));
    }

    /**
     * Kills (SIGKILL) the FUSE client serving a mount, found by its command line in {@code /proc}
     * ({@code glusterfs ... <mount point>}): the mount stays in the mount table and answers
     * "Transport endpoint is not connected", a stale mount.
     */
    public void breakMount(Path mountPoint) {
        ProcessHandle client = client(mountPoint);
        client.destroyForcibly();
        // the client is no child of this JVM and may stay a zombie: the mount's answer tells it ended
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Files.readAttributes(mountPoint, "unix:mode");
            } catch (IOException e) {
                return;
            }
            pause(Duration.ofMillis(20));
        }
        throw new IllegalStateException("the glusterfs client " + client.pid() + " of " + mountPoint + " did not end");
    }

    /**
     * The TCP addresses glusterd and this server's brick processes listen on ({@code ss -ltnp}),
     * {@code address:port} each.
     */
    public synchronized List<String> listeningAddresses() {
        Set<Long> pids = serverPids();
        List<String> addresses = new ArrayList<>();
        for (String line : Commands.run(List.of("ss", "-ltnpH")).lines().toList()) {
            Matcher listener = LISTENER.matcher(line.strip());
            if (!listener.matches()) {
                continue;
            }
            Matcher pid = PID.matcher(listener.group(3));
            while (pid.find()) {
                if (pids.contains(Long.parseLong(pid.group(1)))) {
                    addresses.add(listener.group(1) + ":" + listener.group(2));
                    break;
                }
            }
        }
        return addresses;
    }

    /**
     * Unmounts every mount of the server's volumes, stops and deletes the volumes, stops glusterd
     * and any brick process left, removes the bricks and, when this server made them, the work
     * directory and the {@code /etc/hosts} line. Idempotent.
     */
    @Override
    public synchronized void close() {
        // the shutdown hook stays registered: it finds nothing left to do after this
        stopEverything();
    }

    // ------------------------------------------------------------------ lifecycle

    private synchronized void stopEverything() {
        List<RuntimeException> problems = new ArrayList<>();
        if (!volumes.isEmpty()) {
            collect(problems, () -> unmountAll(volumes.keySet()));
        }
        Set<Long> bricks = brickPids();
        if (glusterd != null && glusterd.isAlive()) {
            for (String name : new ArrayList<>(volumes.keySet())) {
                collect(problems, () -> gluster(List.of("volume", "stop", name, "force")));
                collect(problems, () -> gluster(List.of("volume", "delete", name)));
            }
        }
        if (glusterd != null) {
            stop(glusterd.toHandle());
            glusterd = null;
        }
        // a brick whose volume could not be stopped is stopped by its process id
        for (long pid : bricks) {
            ProcessHandle.of(pid).ifPresent(GlusterServer::stop);
        }
        for (GlusterVolume volume : volumes.values()) {
            collect(problems, () -> removeBrick(volume.brick()));
        }
        volumes.clear();
        if (hostsLineAdded) {
            collect(problems, this::removeHostsLine);
        }
        if (temporaryWorkDirectory && workDirectory != null) {
            collect(problems, () -> deleteTree(workDirectory));
            workDirectory = null;
        }
        if (!problems.isEmpty()) {
            RuntimeException first = problems.get(0);
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void launchGlusterd() {
        try {
            Path log = workDirectory.resolve("log");
            glusterd = new ProcessBuilder("glusterd", "-N", "-f", volfile().toString(), "-l",
                    log.resolve("glusterd.log").toString(), "-p", workDirectory.resolve("run/glusterd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolve("glusterd.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!glusterd.isAlive()) {
                String log = tail(workDirectory.resolve("log/glusterd.log"));
                glusterd = null;
                throw new IllegalStateException("glusterd ended at start: " + log);
            }
            if (Commands.exec(cli(List.of("peer", "status"))).exitCode() == 0) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("glusterd did not answer within " + startTimeout.toSeconds() + " s: "
                + tail(workDirectory.resolve("log/glusterd.log")));
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ checks

    private static void requireEnvironment() {
        if (!Commands.installed("glusterd", "gluster", "mount.glusterfs")) {
            throw Fixtures.unavailable("glusterfs-server and glusterfs-client are not installed (glusterd, gluster,"
                    + " mount.glusterfs)");
        }
        if (!Commands.installed("ss")) {
            throw Fixtures.unavailable("ss (iproute2) is not installed: the server's listening addresses cannot be checked");
        }
        if (!Commands.run(List.of("id", "-u")).strip().equals("0")) {
            throw Fixtures.unavailable("glusterd and FUSE mounts need root");
        }
        String taken = Commands.run(List.of("ss", "-ltnpH", "sport = :" + MANAGEMENT_PORT)).strip();
        if (!taken.isEmpty()) {
            throw new IllegalStateException("port " + MANAGEMENT_PORT + " is taken (another glusterd?): " + taken);
        }
    }

    private void requireRunning() {
        if (glusterd == null || !glusterd.isAlive()) {
            throw new IllegalStateException("glusterd is not running");
        }
    }

    /** Every socket of glusterd and this server's bricks must be bound to 127.0.0.1. */
    private void requireLoopbackOnly() {
        List<String> addresses = listeningAddresses();
        List<String> outside = addresses.stream()
                .filter(address -> !address.startsWith("127.0.0.1:") && !address.startsWith("[::ffff:127.0.0.1]:"))
                .toList();
        if (!outside.isEmpty() || addresses.isEmpty()) {
            throw new IllegalStateException("glusterd or a brick listens beyond 127.0.0.1 (or not at all): " + addresses);
        }
    }

    private void awaitBrick(String name) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            String status = Commands.exec(cli(List.of("volume", "status", name, "--xml"))).output();
            if (BRICK_ONLINE.matcher(status).find()) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the brick of volume " + name + " did not come online: "
                + Commands.exec(cli(List.of("volume", "status", name))).output());
    }

    private Set<Long> serverPids() {
        Set<Long> pids = new TreeSet<>(brickPids());
        if (glusterd != null && glusterd.isAlive()) {
            pids.add(glusterd.pid());
        }
        return pids;
    }

    /** The process ids in the brick pid files glusterd writes under its run directory. */
    private Set<Long> brickPids() {
        Set<Long> pids = new TreeSet<>();
        if (workDirectory == null) {
            return pids;
        }
        Path vols = workDirectory.resolve("run/vols");
        if (!Files.isDirectory(vols)) {
            return pids;
        }
        try (Stream<Path> files = Files.walk(vols)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String text = Files.readString(file).strip();
                if (text.matches("\\d+")) {
                    pids.add(Long.parseLong(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    // ------------------------------------------------------------------ mounts

    /** Unmounts every GlusterFS mount whose device is one of the volumes ({@code host:/vol} or {@code host:/vol/dir}). */
    private void unmountAll(Set<String> names) {
        List<String> problems = new ArrayList<>();
        for (String[] mount : glusterMounts()) {
            String volume = mount[0].substring(mount[0].indexOf(":/") + 2).split("/")[0];
            if (!names.contains(volume)) {
                continue;
            }
            Commands.Result result = Commands.exec(List.of("umount", mount[1]));
            if (result.exitCode() != 0) {
                // in use: detached now, released when its last user goes
                Commands.Result lazy = Commands.exec(List.of("umount", "-l", mount[1]));
                if (lazy.exitCode() != 0) {
                    problems.add(mount[1] + ": " + result.output().strip() + "; " + lazy.output().strip());
                    continue;
                }
            }
            deleteClientLog(Path.of(mount[1]));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot unmount " + problems);
        }
    }

    /** Device and mount point of each GlusterFS mount in /proc/mounts, escapes decoded; the latest first. */
    private static List<String[]> glusterMounts() {
        List<String[]> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 2 && fields[2].equals("fuse.glusterfs") && fields[0].contains(":/")) {
                    mounts.add(0, new String[] {decode(fields[0]), decode(fields[1])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mounts;
    }

    private static String decode(String field) {
        Matcher octal = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder out = new StringBuilder();
        while (octal.find()) {
            octal.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(octal.group(1), 8))));
        }
        octal.appendTail(out);
        return out.toString();
    }

    private static boolean isClientOf(ProcessHandle process, Path mountPoint) {
        try {
            List<String> arguments = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()),
                    "cmdline")), StandardCharsets.UTF_8).split("\0"));
            return !arguments.isEmpty() && Path.of(arguments.get(0)).getFileName().toString().equals("glusterfs")
                    && arguments.get(arguments.size() - 1).equals(mountPoint.toString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ files

    private Path volfile() {
        return workDirectory.resolve("glusterd.vol");
    }

    private List<String> cli(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("gluster", "--mode=script",
                "--glusterd-sock=" + workDirectory.resolve("run/glusterd.socket")));
        command.addAll(arguments);
        return command;
    }

    private void gluster(List<String> arguments) {
        Commands.run(cli(arguments));
    }

    private static boolean onRootFileSystem(Path path) throws IOException {
        return Files.getAttribute(path, "unix:dev").equals(Files.getAttribute(Path.of("/"), "unix:dev"));
    }

    private void removeBrick(Path brick) {
        deleteLog(LOG_DIRECTORY.resolve("bricks").resolve(logName(brick)));
        Path home = brick.getParent();
        if (brickFileSystems.remove(home)) {
            Commands.exec(List.of("umount", home.toString()));
        }
        deleteTree(home);
    }

    /** The host name must resolve to 127.0.0.1; when it resolves to nothing, /etc/hosts learns it. */
    private void ensureLoopbackName(String host) throws IOException {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.getHostAddress().equals("127.0.0.1")) {
                throw new IllegalStateException("the brick host " + host + " resolves to " + address.getHostAddress()
                        + ", not 127.0.0.1: choose another with withBrickHost");
            }
        } catch (UnknownHostException e) {
            Files.writeString(Path.of("/etc/hosts"), "127.0.0.1 " + host + " " + hostsMarker() + "\n",
                    StandardOpenOption.APPEND);
            hostsLineAdded = true;
        }
    }

    private void removeHostsLine() {
        Path hosts = Path.of("/etc/hosts");
        try {
            List<String> kept = Files.readAllLines(hosts).stream().filter(line -> !line.endsWith(hostsMarker())).toList();
            Files.writeString(hosts, String.join("\n", kept) + "\n");
            hostsLineAdded = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hostsMarker() {
        return "# remotefs GlusterServer " + ProcessHandle.current().pid();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(List<RuntimeException> problems, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            problems.add(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for glusterd", e);
        }
    }
}
