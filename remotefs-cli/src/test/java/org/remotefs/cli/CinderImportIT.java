package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * {@code remotefs config import-cinder}: Debian's own {@code cinder.conf} (package
 * {@code cinder-common}, a test resource), that file with an NFS backend added as an operator
 * would, and files written for the purpose; each output read back as remotefs configuration.
 */
@Execution(ExecutionMode.CONCURRENT)
class CinderImportIT {
    private static final String SECRET = "n0t-for-the-terminal";

    @TempDir
    Path tempDir;

    private Path work;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws Exception {
        work = tempDir.toRealPath();
        remotefs = new RemotefsProcess(work);
    }

    private static String debianCinderConf() throws IOException {
        try (InputStream in = CinderImportIT.class.getResourceAsStream("/cinder/debian-cinder.conf")) {
            assertThat(in).as("the test resource debian-cinder.conf").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Config hocon(String text) {
        return ConfigFactory.parseString(text).resolve();
    }

    @Test
    void debiansCinderConfHasOnlyLvmWhichIsReportedAndNothingIsWritten() throws Exception {
        Path conf = write("cinder.conf", debianCinderConf());

        Result result = remotefs.run("config", "import-cinder", conf.toString(), "--output", "remotefs.conf",
                "--format", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).isEqualTo("DRIVER_NOT_FOUND");
        assertThat(error.path("details").path("left_out").asText()).isEqualTo("lvm");
        assertThat(error.path("warnings").toString()).contains("[lvm]", "LVMVolumeDriver");
        assertThat(work.resolve("remotefs.conf")).doesNotExist();
        assertThat(work.resolve("remotefs-data")).doesNotExist();
    }

    @Test
    void debiansCinderConfWithAnNfsBackendAddedCarriesItToA0600FileThatRemotefsReads() throws Exception {
        Path shares = write("nfs_shares", "127.0.0.1:/srv/nfs/gold\n");
        // the file names its own lock location: unset, Cinder's default (file:///var/lib/cinder) would be
        // carried, and the backends command below would create that directory on the host
        String text = debianCinderConf().replace("enabled_backends = lvm", "enabled_backends = lvm,nfs-gold")
                + """

                [nfs-gold]
                volume_driver = cinder.volume.drivers.nfs.NfsDriver
                volume_backend_name = gold
                nfs_shares_config = %s
                nfs_mount_point_base = $state_path/mnt
                nfs_qcow2_volumes = True
                nas_password = %s

                [coordination]
                backend_url = file://%s
                """.formatted(shares, SECRET, work.resolve("locks"));
        assertThat(text).contains("enabled_backends = lvm,nfs-gold");
        Path conf = write("cinder.conf", text);

        Result result = remotefs.run("config", "import-cinder", conf.toString(), "--output", "remotefs.conf",
                "-f", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = result.stdoutJson();
        assertThat(summary.path("backends").toString()).isEqualTo("[\"nfs-gold\"]");
        assertThat(summary.path("left_out").toString()).isEqualTo("[\"lvm\"]");
        assertThat(result.stdout() + result.stderr()).doesNotContain(SECRET);
        Path written = work.resolve("remotefs.conf");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        Config config = hocon(Files.readString(written));
        assertThat(config.getString("remotefs.backends.nfs-gold.driver")).isEqualTo("nfs");
        assertThat(config.getString("remotefs.backends.nfs-gold.nfs_mount_point_base")).isEqualTo("/var/lib/cinder/mnt");
        assertThat(config.getBoolean("remotefs.backends.nfs-gold.nfs_qcow2_volumes")).isTrue();
        assertThat(config.getString("remotefs.backends.nfs-gold.nas_password")).isEqualTo(SECRET);
        assertThat(config.getString("remotefs.backends.nfs-gold.volume_backend_name")).isEqualTo("gold");
        assertThat(Files.readString(written)).contains("# [nfs-gold] nfs_shares_config, line ");

        Result backends = remotefs.run("--config", written.toString(), "backends", "-f", "json");
        assertThat(backends.exitCode()).as(backends.toString()).isZero();
        JsonNode backend = backends.stdoutJson().get(0);
        assertThat(backend.path("name").asText()).isEqualTo("nfs-gold");
        assertThat(backend.path("driver").asText()).isEqualTo("nfs");
        assertThat(backend.path("shares").get(0).path("address").asText()).isEqualTo("127.0.0.1:/srv/nfs/gold");
    }

    private static final String PURPOSE = """
            [DEFAULT]
            state_path = /srv/cinder
            enabled_backends = nfs1, ceph ,gluster,smb
            debug = True

            [backend_defaults]
            reserved_percentage = 5
            nas_secure_file_operations = false
            image_volume_cache_enabled = True

            [NFS1]
            volume_driver = cinder.volume.drivers.nfs.NfsDriver
            # a comment; the next line uses the other separator and quotes
            nfs_shares_config: "$state_path/nfs_shares"
            reserved_percentage = 10
            nfs_mount_options = vers=4.1,
              noatime
            nfs_mount_attempts = 3
            nfs_mount_attempts = 5
            nas_password = pa$$word
            nfs_frobnicate = 1

            [ceph]
            volume_driver = cinder.volume.drivers.rbd.RBDDriver
            rbd_pool = volumes

            [gluster]
            volume_driver = cinder.volume.drivers.glusterfs.GlusterfsDriver
            glusterfs_shares_config = ${state_path}/gluster_shares
            nas_volume_prov_type = thick

            [smb]
            volume_driver = cinder.volume.drivers.windows.smbfs.WindowsSmbfsDriver
            smbfs_default_volume_format = vhdx
            smbfs_mount_point_base = $nowhere/mnt

            [coordination]
            backend_url = zookeeper://cinder:zk-secret@zk1:2181,zk2:2181
            """;

    @Test
    void aFileWrittenForThePurposeIsReadByOsloConfigsRules() throws Exception {
        Path conf = write("cinder.conf", PURPOSE);

        Result result = remotefs.run("config", "import-cinder", conf.toString(), "--output", "out.conf", "-f", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Config config = hocon(Files.readString(work.resolve("out.conf")));
        Config nfs = config.getConfig("remotefs.backends.nfs1");
        assertThat(nfs.getString("driver")).isEqualTo("nfs");
        assertThat(nfs.getString("nfs_shares_config")).isEqualTo("/srv/cinder/nfs_shares");
        assertThat(nfs.getInt("reserved_percentage")).as("the section wins over [backend_defaults]").isEqualTo(10);
        assertThat(nfs.getBoolean("nas_secure_file_operations")).as("from [backend_defaults]").isFalse();
        assertThat(nfs.getString("nfs_mount_options")).isEqualTo("vers=4.1,\nnoatime");
        assertThat(nfs.getInt("nfs_mount_attempts")).as("the last value counts").isEqualTo(5);
        assertThat(nfs.getString("nas_password")).as("$$ is a dollar sign").isEqualTo("pa$word");
        assertThat(nfs.hasPath("nfs_frobnicate")).isFalse();
        Config gluster = config.getConfig("remotefs.backends.gluster");
        assertThat(gluster.getString("driver")).isEqualTo("glusterfs");
        assertThat(gluster.getString("glusterfs_shares_config")).isEqualTo("/srv/cinder/gluster_shares");
        assertThat(gluster.getString("nas_volume_prov_type")).isEqualTo("thick");
        assertThat(config.getString("remotefs.backends.smb.driver")).isEqualTo("smbfs");
        assertThat(config.hasPath("remotefs.backends.ceph")).isFalse();
        assertThat(config.getString("remotefs.coordination.backend_url"))
                .isEqualTo("zookeeper://cinder:zk-secret@zk1:2181,zk2:2181");

        List<String> warnings = new ArrayList<>();
        result.stderrJson().path("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[nfs1] nfs_frobnicate"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[backend_defaults] image_volume_cache_enabled"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[ceph]", "RBDDriver"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[smb] smbfs_mount_point_base", "$nowhere"));
        assertThat(warnings).noneSatisfy(w -> assertThat(w).contains("debug"));
    }

    @Test
    void toStandardOutputEverySecretIsAPlaceholderAndTheRestIsValidHocon() throws Exception {
        Path conf = write("cinder.conf", PURPOSE);

        Result result = remotefs.run("config", "import-cinder", conf.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout() + result.stderr()).doesNotContain("pa$word", "zk-secret");
        Config config = hocon(result.stdout());
        assertThat(config.getString("remotefs.backends.nfs1.nas_password")).isEqualTo("FILL-IN-SECRET");
        assertThat(config.getString("remotefs.coordination.backend_url"))
                .isEqualTo("zookeeper://cinder:FILL-IN-SECRET@zk1:2181,zk2:2181");
        assertThat(result.stdout()).contains("# [nfs1] nas_password, line 20");
        assertThat(result.stderr()).contains("[nfs1] nfs_frobnicate");
    }

    @Test
    void backendChoosesTheSectionsAndAnUnknownOneIsRefused() throws Exception {
        Path conf = write("cinder.conf", PURPOSE);

        Result chosen = remotefs.run("config", "import-cinder", conf.toString(), "--backend", "gluster", "--backend",
                "smb");
        Result unknown = remotefs.run("config", "import-cinder", conf.toString(), "--backend", "nope", "-f", "json");

        assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
        Config config = hocon(chosen.stdout());
        assertThat(config.getObject("remotefs.backends").keySet()).containsExactlyInAnyOrder("gluster", "smb");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(unknown.stderrJson().path("details").path("backend").asText()).isEqualTo("nope");
    }

    @Test
    void cindersOldSingleBackendInDefaultIsCarriedAsDefault() throws Exception {
        Path conf = write("cinder.conf", """
                [DEFAULT]
                volume_driver = cinder.volume.drivers.nfs.NfsDriver
                nfs_shares_config = /etc/cinder/shares
                auth_strategy = keystone
                """);

        Result result = remotefs.run("config", "import-cinder", conf.toString(), "-f", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Config config = hocon(result.stdout());
        assertThat(config.getString("remotefs.backends.default.driver")).isEqualTo("nfs");
        assertThat(config.getString("remotefs.backends.default.nfs_shares_config")).isEqualTo("/etc/cinder/shares");
        assertThat(result.stderr()).doesNotContain("auth_strategy");
    }

    @Test
    void aBrokenFileIsRefusedWithItsLineAndAMissingOneSaysSo() throws Exception {
        Path conf = write("cinder.conf", "[DEFAULT]\nenabled_backends = nfs\n[nfs\nvolume_driver = x\n");

        Result broken = remotefs.run("config", "import-cinder", conf.toString(), "-f", "json");
        Result missing = remotefs.run("config", "import-cinder", "no-such.conf", "-f", "json");

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.stderrJson().path("code").asText()).isEqualTo("INVALID_CONFIGURATION_VALUE");
        assertThat(broken.stderrJson().path("details").path("line").asText()).isEqualTo("3");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(missing.stderrJson().path("message").asText()).doesNotContain("Exception");
    }

    @Test
    void anExistingOutputFileIsReplacedAndEnds0600() throws Exception {
        Path conf = write("cinder.conf", PURPOSE);
        Path existing = write("out.conf", "old\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));

        Result result = remotefs.run("config", "import-cinder", conf.toString(), "--output", existing.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");
        assertThat(Files.readString(existing)).contains("remotefs.backends");
        assertThat(result.stdout()).contains("wrote 3 backend(s)");
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cinder.conf", "out.conf");
        }
    }
}
