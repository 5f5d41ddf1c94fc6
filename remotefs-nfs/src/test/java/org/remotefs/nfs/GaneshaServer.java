package org.remotefs.nfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.remotefs.tck.QemuTools;

/**
 * nfs-ganesha (Debian's {@code nfs-ganesha}, VFS FSAL) serving one directory over NFSv4 on
 * 127.0.0.1 only, started in the foreground by the test and stopped by its PID. NFSv4 needs no
 * rpcbind. Read back with libnfs's user-space client ({@code libnfs-utils}): this kernel has no NFS
 * client.
 */
final class GaneshaServer implements AutoCloseable {
    static final String EXPORT_URL = "nfs://127.0.0.1/export";

    private final Process process;
    private final Path log;

    GaneshaServer(Path work, Path exported) throws Exception {
        Assumptions.assumeTrue(QemuTools.exec(List.of("sh", "-c", "command -v ganesha.nfsd && command -v nfs-ls"))
                .exitCode() == 0, "nfs-ganesha and libnfs-utils are not installed");
        Path var = Files.createDirectories(work.resolve("ganesha"));
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
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                break;
            }
            if (QemuTools.exec(List.of("nfs-ls", url(""))).exitCode() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("nfs-ganesha did not serve the export: " + Files.readString(log));
    }

    static String url(String path) {
        return EXPORT_URL + (path.isEmpty() ? "" : "/" + path) + "?version=4";
    }

    /** {@code nfs-ls} of the export: one line per entry, {@code <mode> <nlink> <uid> <gid> <size> <name>}. */
    List<String> list() {
        return QemuTools.run("nfs-ls", url("")).lines().toList();
    }

    /** A file's bytes, read through NFS. */
    byte[] read(String name) throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("nfs-cat", url(name)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] bytes = cat.getInputStream().readAllBytes();
        if (cat.waitFor() != 0) {
            throw new IOException("nfs-cat " + name + " failed");
        }
        return bytes;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
