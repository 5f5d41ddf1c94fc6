package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moved from the NFS module (NfsDriverProviderTest), where the rule was NFS's own. */
final class RealPathTest {
    @TempDir
    Path dir;

    @Test
    void theMountPointBaseIsResolvedAsRealpathResolvesIt() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(RealPath.of(link.resolve("mnt"))).isEqualTo(real.toRealPath().resolve("mnt"));
        assertThat(RealPath.of(Path.of(dir + "//real/./x/../mnt"))).isEqualTo(real.toRealPath().resolve("mnt"));
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

        List<String> ours = paths.stream().map(p -> RealPath.of(Path.of(p)).toString()).toList();
        assertThat(ours).isEqualTo(expected);
    }
}
