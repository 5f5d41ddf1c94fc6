package org.remotefs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The glusterd fixture itself: loopback only, real mounts, a stale mount on demand, nothing left behind. */
final class GlusterServerIT {

    @TempDir
    Path dir;

    private static boolean mounted(Path mountPoint) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream()
                .anyMatch(line -> line.split(" ")[1].equals(mountPoint.toString()));
    }

    private static boolean listening() {
        return !Commands.run(List.of("ss", "-ltnH", "sport = :" + GlusterServer.MANAGEMENT_PORT)).isBlank();
    }

    @Test
    void servesAVolumeOnLoopbackAndLeavesNothingBehind() throws Exception {
        Path mountPoint = dir.resolve("mnt");
        long glusterd;
        Path brick;
        try (GlusterServer server = new GlusterServer().withWorkDirectory(dir.resolve("work")).start()) {
            glusterd = server.pid();
            assertThat(listening()).as("glusterd on port " + GlusterServer.MANAGEMENT_PORT).isTrue();
            GlusterVolume volume = server.createVolume("fixture", "64M");
            brick = volume.brick();

            assertThat(server.listeningAddresses()).hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(address -> address.startsWith("127.0.0.1:"));
            assertThat(volume.share()).isEqualTo(server.brickHost() + ":/fixture");
            server.mount(volume.share(), mountPoint);
            Files.writeString(mountPoint.resolve("file"), "through the mount");
            assertThat(Files.readString(brick.resolve("file"))).isEqualTo("through the mount");

            // glusterd down: the mount keeps serving, nothing new can be mounted; back again with its volume
            server.stopGlusterd();
            assertThat(Files.readString(mountPoint.resolve("file"))).isEqualTo("through the mount");
            assertThatThrownBy(() -> server.mount(volume.share(), dir.resolve("second"))).isInstanceOf(IllegalStateException.class);
            server.restartGlusterd();
            server.mount(volume.share(), dir.resolve("second"));
            assertThat(Files.readString(dir.resolve("second/file"))).isEqualTo("through the mount");

            // a killed FUSE client leaves a stale mount
            server.breakMount(mountPoint);
            assertThat(mounted(mountPoint)).isTrue();
            assertThatThrownBy(() -> Files.readAttributes(mountPoint, "unix:mode"))
                    .isInstanceOfSatisfying(FileSystemException.class,
                            e -> assertThat(e.getReason()).isEqualTo("Transport endpoint is not connected"));
        }
        assertThat(mounted(mountPoint)).isFalse();
        assertThat(mounted(dir.resolve("second"))).isFalse();
        assertThat(ProcessHandle.of(glusterd).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(listening()).isFalse();
        assertThat(brick.getParent()).doesNotExist();
    }
}
