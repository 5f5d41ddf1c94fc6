package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An NFS server for a directory: nfs-ganesha (VFS FSAL) exporting it as {@code /export} over
 * NFSv4 (which needs no rpcbind) on 127.0.0.1 port 2049 only, started in the foreground by
 * {@link #start()} and stopped by its process id. What it serves is read back with libnfs's
 * user-space client ({@code nfs-ls}, {@code nfs-cat}), so no kernel NFS client is needed.
 *
 * <p>Needs root and Debian's {@code nfs-ganesha}, {@code nfs-ganesha-vfs} and {@code libnfs-utils};
 * without {@code ganesha.nfsd} or {@code nfs-ls} on {@code PATH}, {@link #start()} throws
 * {@link FixtureUnavailableException}. With {@code nfs-ganesha} but not {@code nfs-ganesha-vfs} it
 * fails instead, as the server cannot export the directory.
 */
public final class GaneshaServer implements AutoCloseable {
    /** The export's URL as libnfs writes it. */
    public static final String EXPORT_URL = "nfs://127.0.0.1/export";

    private final Path exported;
    private Path workDirectory;
    private Process process;
    private Path log;

    /** @param exported the directory to serve */
    public GaneshaServer(Path exported) {
        this.exported = Objects.requireNonNull(exported, "exported");
    }

    /** Where the server's configuration, log and recovery state go (default: a new temporary directory). */
    public GaneshaServer withWorkDirectory(Path workDirectory) {
        this.workDirectory = workDirectory;
        return this;
    }

    /** Starts the server and waits until libnfs lists the export (at most ten seconds). */
    public GaneshaServer start() {
        if (!Commands.installed("ganesha.nfsd", "nfs-ls")) {
            throw new FixtureUnavailableException("nfs-ganesha and libnfs-utils are not installed");
        }
        try {
            Path var = Files.createDirectories(workDirectory == null
                    ? Files.createTempDirectory("ganesha") : workDirectory.resolve("ganesha"));
            Files.createDirectories(var.resolve("recov"));
            Files.createDirectories(var.resolve("ccache"));
            log = var.resolve("ganesha.log");
            Path config = Files.writeString(var.resolve("ganesha.conf"), """
                    NFS_CORE_PARAM {
                        Bind_Addr = 127.0.0.1; NFS_Port = 2049; Protocols = 4;
                        Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; mount_path_pseudo = true;
                    }
                    NFSv4 { Graceless = true; Only_Numeric_Owners = true; RecoveryBackend = fs; RecoveryRoot = "%1$s/recov"; }
                    NFS_KRB5 { Active_krb5 = false; CCacheDir = "%1$s/ccache"; }
                    EXPORT {
                        Export_Id = 1; Path = "%2$s"; Pseudo = "/export"; Access_Type = RW; Squash = No_Root_Squash;
                        Protocols = 4; Transports = TCP; SecType = sys; Attr_Expiration_Time = 0;
                        FSAL { Name = VFS; }
                    }
                    LOG { Default_Log_Level = EVENT; Components { DBUS = FATAL; } }
                    """.formatted(var, exported));
            process = new ProcessBuilder("ganesha.nfsd", "-F", "-L", log.toString(), "-f", config.toString(), "-N",
                    "NIV_EVENT", "-p", var.resolve("ganesha.pid").toString())
                    .redirectErrorStream(true).redirectOutput(var.resolve("ganesha.out").toFile()).start();
            for (int i = 0; i < 100 && process.isAlive(); i++) {
                if (Commands.exec(List.of("nfs-ls", url(""))).exitCode() == 0) {
                    return this;
                }
                Thread.sleep(100);
            }
            close();
            throw new IllegalStateException("nfs-ganesha did not serve the export: "
                    + (Files.exists(log) ? Files.readString(log) : "no log"));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nfs-ganesha", e);
        }
    }

    /** A file's URL for libnfs's tools; {@code ""} for the export itself. */
    public static String url(String path) {
        return EXPORT_URL + (path.isEmpty() ? "" : "/" + path) + "?version=4";
    }

    /** {@code nfs-ls} of the export: one line per entry, {@code <mode> <nlink> <uid> <gid> <size> <name>}. */
    public List<String> list() {
        return Commands.run(List.of("nfs-ls", url(""))).lines().toList();
    }

    /** A file's bytes, read through NFS. */
    public byte[] read(String name) throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("nfs-cat", url(name)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] bytes = cat.getInputStream().readAllBytes();
        if (cat.waitFor() != 0) {
            throw new IOException("nfs-cat " + name + " failed");
        }
        return bytes;
    }

    /** Stops the server by its process id: SIGTERM, then SIGKILL after 15 seconds. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
