package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.remotefs.api.VolumeDriver;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.json.Json;
import org.remotefs.core.registry.DriverRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigUtil;

/** Builds localfs drivers the way the command line does, and looks at shares from outside. */
final class LocalFsFixture {
    private LocalFsFixture() {
    }

    /** A localfs driver with one share directory and the given extra options (HOCON). */
    static VolumeDriver driver(Path share, String extraOptions) {
        String text = "remotefs.backends.test { driver = localfs, nas_share_path = "
                + ConfigUtil.quoteString(share.toString()) + "\n" + extraOptions + "\n}";
        ClassLoader loader = LocalFsFixture.class.getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "test");
    }

    /** A localfs driver with one share directory, extra options, and host-wide configuration (HOCON). */
    static VolumeDriver driver(Path share, String extraOptions, String hostConfiguration) {
        String text = hostConfiguration + "\nremotefs.backends.test { driver = localfs, nas_share_path = "
                + ConfigUtil.quoteString(share.toString()) + "\n" + extraOptions + "\n}";
        ClassLoader loader = LocalFsFixture.class.getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "test");
    }

    /** A localfs driver over a shares file. */
    static VolumeDriver driverWithSharesFile(Path sharesFile, String extraOptions) {
        String text = "remotefs.backends.test { driver = localfs, localfs_shares_config = "
                + ConfigUtil.quoteString(sharesFile.toString()) + "\n" + extraOptions + "\n}";
        ClassLoader loader = LocalFsFixture.class.getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "test");
    }

    /** Every file under a directory with its size, for "nothing changed" checks. */
    static Map<String, Long> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(), p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    /** {@code qemu-img info --output=json}, run for real. */
    static JsonNode qemuImgInfo(Path image) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("qemu-img", "info", "--output=json", image.toString()))
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("qemu-img info failed: " + new String(out));
        }
        return Json.mapper().readTree(out);
    }

    /** Runs a command for real and fails on a non-zero exit. */
    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
        }
    }
}
