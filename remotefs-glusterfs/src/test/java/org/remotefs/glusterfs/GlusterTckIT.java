package org.remotefs.glusterfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.remotefs.testing.GlusterServer;

/**
 * The whole TCK against the GlusterFS backend on real FUSE mounts of a real GlusterFS volume:
 * {@code mvn -B verify -pl remotefs-glusterfs -am}. A local glusterd (on 127.0.0.1) serves volume
 * {@code tck} unless the system property {@value GlusterTckBinding#VOLUME} names a volume of a real
 * cluster ({@code -Dremotefs.tck.glusterfs.volume=gluster1:/cinder-tck}); either way its root is
 * mounted for the binding to make a directory per test in, and unmounted at the end.
 */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class GlusterTckIT {
    // @BeforeSuite and @AfterSuite are static: the suite's glusterd lives here while the suite runs
    private static Path work;
    private static GlusterServer server;
    private static Path root;

    @BeforeSuite
    static void serveAVolume() throws IOException {
        work = Files.createTempDirectory("remotefs-gluster-tck-");
        String volume = System.getProperty(GlusterTckBinding.VOLUME, "");
        if (volume.isBlank()) {
            server = new GlusterServer().withWorkDirectory(work.resolve("glusterd")).start();
            volume = server.createVolume("tck").share();
            root = server.mount(volume, work.resolve("root"));
        } else {
            GlusterServer.requireClient();
            root = Files.createDirectories(work.resolve("root"));
            run("mount", "-t", "glusterfs", volume, root.toString());
        }
        System.setProperty(GlusterTckBinding.VOLUME, volume);
        System.setProperty(GlusterTckBinding.ROOT, root.toString());
    }

    @AfterSuite
    static void stopServing() throws IOException {
        try {
            if (root != null) {
                run("umount", root.toString());
                GlusterServer.deleteClientLog(root);
            }
        } finally {
            if (server != null) {
                System.clearProperty(GlusterTckBinding.VOLUME);
                server.close();
            }
            System.clearProperty(GlusterTckBinding.ROOT);
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void run(String... command) throws IOException {
        try {
            int status = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (status != 0) {
                throw new IOException(String.join(" ", command) + " failed with status " + status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted", e);
        }
    }
}
