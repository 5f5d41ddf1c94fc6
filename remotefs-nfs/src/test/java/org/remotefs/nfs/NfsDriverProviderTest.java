package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.spi.OptionDescriptor;

import com.typesafe.config.ConfigFactory;

final class NfsDriverProviderTest {
    @TempDir
    Path dir;

    @Test
    void theMountPointBaseIsResolvedAsRealpathResolvesIt() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(NfsDriverProvider.realPath(link.resolve("mnt"))).isEqualTo(real.toRealPath().resolve("mnt"));
        assertThat(NfsDriverProvider.realPath(Path.of(dir + "//real/./x/../mnt"))).isEqualTo(real.toRealPath().resolve("mnt"));
    }

    @Test
    void theMountPointBaseIsWhatPythonsRealpathMakesOfIt() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("deep/x"));
        Files.createSymbolicLink(dir.resolve("lnk"), Path.of("deep/x"));
        Files.createSymbolicLink(dir.resolve("abs"), deep);
        Files.createSymbolicLink(dir.resolve("chain"), Path.of("lnk"));
        Files.createSymbolicLink(dir.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(dir.resolve("loop-b"), Path.of("loop-a"));
        List<String> paths = List.of(dir + "/lnk/../mnt", dir + "/abs/../../mnt", dir + "//chain/./y/../mnt",
                dir + "/missing/../lnk/z", dir + "/loop-a/mnt", dir + "/deep/x/", dir.toString());

        List<String> python = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import os, sys\nfor p in sys.argv[1:]: print(os.path.realpath(p))"));
        python.addAll(paths);
        Process process = new ProcessBuilder(python).redirectErrorStream(true).start();
        List<String> expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor()).as("python3: %s", expected).isZero();

        List<String> ours = paths.stream().map(p -> NfsDriverProvider.realPath(Path.of(p)).toString()).toList();
        assertThat(ours).isEqualTo(expected);
    }

    @Test
    void declaresExactlyTheOptionsItsReferenceConfDocumentsWithCindersDefaults() {
        var defaults = ConfigFactory.defaultReference().getConfig("remotefs.defaults.nfs");
        var declared = new NfsDriverProvider().options().stream().map(OptionDescriptor::key).collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrderElementsOf(defaults.root().keySet());
        assertThat(defaults.getString("nfs_shares_config")).isEqualTo("/etc/cinder/nfs_shares");
        assertThat(defaults.getBoolean("nfs_sparsed_volumes")).isTrue();
        assertThat(defaults.getBoolean("nfs_qcow2_volumes")).isFalse();
        assertThat(defaults.getInt("nfs_mount_attempts")).isEqualTo(3);
        assertThat(defaults.getBoolean("nfs_snapshot_support")).isFalse();
        assertThat(defaults.getIsNull("nfs_mount_options")).isTrue();
        assertThat(defaults.getDouble("max_over_subscription_ratio")).isEqualTo(20.0);
        assertThat(new NfsDriverProvider().version()).isEqualTo("1.4.0");
    }
}
