package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMB server for a directory: Samba's {@code smbd} exporting it as {@code //127.0.0.1/<share>},
 * started in the foreground by {@link #start()} ({@code smbd --foreground -s <its own smb.conf>}, which
 * puts it in a session and process group of its own: with {@code --no-process-group} smbd signals
 * its parent's whole process group — the test JVM and the build — when it stops) and stopped by its
 * process id. Its configuration, state, cache, lock and private
 * directories are its own (nothing of the machine's Samba is read or written); it listens on the
 * loopback interface only ({@code interfaces = lo}, {@code bind interfaces only = yes}) on an
 * unprivileged port, without NetBIOS. Its one account, the test user ({@code tester} by default),
 * logs in with a password and is mapped to root, the owner of what the driver writes, so no
 * system account is made. What it serves is read and written with {@code smbclient} (no kernel
 * CIFS client needed); the password reaches both programs on standard input or in a 0600
 * authentication file, never on a command line.
 *
 * <p>Needs root and Debian's {@code samba} and {@code smbclient}: without {@code smbd},
 * {@code pdbedit} or {@code smbclient} on {@code PATH}, or without root, {@link #start()} throws
 * {@link FixtureUnavailableException}.
 */
public final class SambaServer implements AutoCloseable {
    private static final Pattern LISTING = Pattern.compile(
            "^  (.+?)\\s+([ADHNRSV]+)\\s+(\\d+)\\s+\\w{3} \\w{3}\\s+\\d+ \\d\\d:\\d\\d:\\d\\d \\d{4}$");

    private final Path exported;
    private Path workDirectory;
    private String shareName = "export";
    private String user = "tester";
    private String password = "remotefs-T3st,pw=1";
    private int port;
    private Process process;
    private Path var;
    private Path config;
    private Path authentication;

    /** @param exported the directory to serve */
    public SambaServer(Path exported) {
        this.exported = Objects.requireNonNull(exported, "exported");
    }

    /** Where the configuration, state and log go (default: a new temporary directory). */
    public SambaServer withWorkDirectory(Path workDirectory) {
        this.workDirectory = workDirectory;
        return this;
    }

    /** The share's name (default {@code export}): the share is {@code //127.0.0.1/<name>}. */
    public SambaServer withShareName(String name) {
        this.shareName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The test user and password (default {@code tester} and a password holding {@code ,} and {@code =}). */
    public SambaServer withUser(String name, String secret) {
        this.user = Objects.requireNonNull(name, "name");
        this.password = Objects.requireNonNull(secret, "secret");
        return this;
    }

    /** The TCP port on 127.0.0.1 (default: a free one). */
    public SambaServer withPort(int tcpPort) {
        this.port = tcpPort;
        return this;
    }

    /** Starts smbd and waits until smbclient lists the share as the test user (at most fifteen seconds). */
    public SambaServer start() {
        if (!Commands.installed("smbd", "pdbedit", "smbclient")) {
            throw new FixtureUnavailableException("samba and smbclient are not installed (smbd, pdbedit, smbclient)");
        }
        if (!"0".equals(Commands.exec(List.of("id", "-u")).output().strip())) {
            throw new FixtureUnavailableException("smbd needs root");
        }
        try {
            var = Files.createDirectories(workDirectory == null
                    ? Files.createTempDirectory("samba") : workDirectory.resolve("samba"));
            for (String name : List.of("private", "state", "cache", "lock", "pid", "ncalrpc", "log")) {
                Files.createDirectories(var.resolve(name));
            }
            Files.setPosixFilePermissions(var.resolve("private"), PosixFilePermissions.fromString("rwx------"));
            if (port == 0) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
            }
            Path users = Files.writeString(var.resolve("users.map"), "root = " + user + "\n");
            config = Files.writeString(var.resolve("smb.conf"), """
                    [global]
                      interfaces = lo
                      bind interfaces only = yes
                      smb ports = %2$d
                      disable netbios = yes
                      server role = standalone server
                      private dir = %1$s/private
                      state directory = %1$s/state
                      cache directory = %1$s/cache
                      lock directory = %1$s/lock
                      pid directory = %1$s/pid
                      ncalrpc dir = %1$s/ncalrpc
                      log file = %1$s/log/smbd.log
                      passdb backend = tdbsam:%1$s/private/passdb.tdb
                      username map = %3$s
                      map to guest = never
                      load printers = no
                      printing = bsd
                      printcap name = /dev/null
                      disable spoolss = yes
                    [%4$s]
                      path = %5$s
                      read only = no
                      valid users = root
                      force user = root
                    """.formatted(var, port, users, shareName, exported));
            // the account: root's, reached by the test user's name, its password on standard input
            Process pdbedit = new ProcessBuilder("pdbedit", "-s", config.toString(), "-a", "-u", "root", "-t")
                    .redirectErrorStream(true).redirectOutput(var.resolve("log/pdbedit.out").toFile()).start();
            pdbedit.getOutputStream().write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
            pdbedit.getOutputStream().close();
            if (pdbedit.waitFor() != 0) {
                throw new IllegalStateException("pdbedit could not add the test user: "
                        + Files.readString(var.resolve("log/pdbedit.out")));
            }
            authentication = Files.createFile(var.resolve("private/authentication"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(authentication, "username = " + user + "\npassword = " + password + "\n");
            // in a session of its own (no --no-process-group): at exit smbd signals its whole process
            // group, which with --no-process-group is the JVM's and its parent's
            process = new ProcessBuilder("smbd", "--foreground", "-s", config.toString())
                    .redirectErrorStream(true).redirectOutput(var.resolve("log/smbd.out").toFile()).start();
            for (int i = 0; i < 150 && process.isAlive(); i++) {
                if (client("ls").exitCode() == 0) {
                    return this;
                }
                Thread.sleep(100);
            }
            String log = Files.exists(var.resolve("log/smbd.out")) ? Files.readString(var.resolve("log/smbd.out")) : "";
            close();
            throw new IllegalStateException("smbd did not serve the share: " + log);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting smbd", e);
        }
    }

    /** The share as a client names it: {@code //127.0.0.1/<share>}. */
    public String share() {
        return "//127.0.0.1/" + shareName;
    }

    /** The port smbd listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The test user's name. */
    public String user() {
        return user;
    }

    /** The test user's password. */
    public String password() {
        return password;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** The share's root as smbclient lists it: each entry's name and size, {@code .} and {@code ..} left out. */
    public Map<String, Long> list() {
        Map<String, Long> entries = new LinkedHashMap<>();
        for (String line : run("ls").lines().toList()) {
            Matcher matcher = LISTING.matcher(line);
            if (matcher.matches() && !matcher.group(1).equals(".") && !matcher.group(1).equals("..")) {
                entries.put(matcher.group(1), Long.parseLong(matcher.group(3)));
            }
        }
        return entries;
    }

    /** A file's bytes, read through SMB. */
    public byte[] read(String name) throws IOException {
        Path local = Files.createTempFile(var, "get-", ".bin");
        try {
            run("get " + quoted(name) + " " + quoted(local.toString()));
            return Files.readAllBytes(local);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Writes a file through SMB. */
    public void write(String name, byte[] content) throws IOException {
        Path local = Files.createTempFile(var, "put-", ".bin");
        try {
            Files.write(local, content);
            run("put " + quoted(local.toString()) + " " + quoted(name));
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Removes a file through SMB. */
    public void delete(String name) {
        run("del " + quoted(name));
    }

    private String run(String command) {
        Commands.Result result = client(command);
        // smbclient reports some failures (NT_STATUS_...) with exit status 0
        if (result.exitCode() != 0 || result.output().contains("NT_STATUS_")) {
            throw new IllegalStateException("smbclient '" + command + "' failed with status " + result.exitCode() + ": "
                    + result.output());
        }
        return result.output();
    }

    private Commands.Result client(String command) {
        List<String> arguments = new ArrayList<>(List.of("smbclient", "-s", config.toString(), "-p",
                Integer.toString(port), share(), "-A", authentication.toString(), "-c", command));
        return Commands.exec(arguments);
    }

    private static String quoted(String text) {
        if (text.indexOf('"') >= 0) {
            throw new IllegalArgumentException("smbclient cannot quote a name with a double quote: " + text);
        }
        return "\"" + text + "\"";
    }

    /**
     * Stops the server by its process id: SIGTERM, then SIGKILL after 15 seconds; then any of its
     * helper processes still running (smbd's notify and cleanup daemons, a connection's child), each
     * by its own process id.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                if (helper.isAlive()) {
                    helper.destroy();
                    helper.onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        process = null;
    }
}
