package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/** The scripts in {@code bin/} as a user runs them, on the jar this build made. */
final class LaunchersIT {
    /** Failsafe runs in the module's directory; the scripts live one level up. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path work;

    @Test
    void binRemotefsRunsTheBuiltCommand() {
        Path launcher = ROOT.resolve("bin/remotefs");
        assertThat(launcher).isExecutable();

        Result result = RemotefsProcess.exec(List.of("bash", launcher.toString(), "drivers", "--format", "json"), work);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode drivers = result.stdoutJson();
        assertThat(drivers.findValuesAsText("id")).contains("localfs", "nfs");
    }

    @Test
    void theJvmsOwnWarningsGoToStderrSoThatJsonOutputStaysOneDocument() {
        // a JVM warning provoked on purpose: large pages asked for where none are configured (the same
        // kind of line as the "hsperfdata ... locked by another process" warning CI once saw on stdout)
        Result plain = RemotefsProcess.exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseLargePages", "-version"), work);
        assumeThat(plain.stdout() + plain.stderr()).as("a JVM warning for -XX:+UseLargePages").contains("[warning]");

        Result result = RemotefsProcess.exec(List.of("env", "REMOTEFS_JAVA_OPTS=-XX:+UseLargePages", "bash",
                ROOT.resolve("bin/remotefs").toString(), "drivers", "--format", "json"), work);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutJson().findValuesAsText("id")).contains("localfs");
        assertThat(result.stderr()).contains("[warning]");
    }

    @Test
    void quickstartRefusesAJavaOlderThan17BeforeBuildingAnything() throws IOException {
        Path bin = Files.createDirectories(work.resolve("fake-bin"));
        Path java = bin.resolve("java");
        // what an old JDK prints for -XshowSettings:properties -version
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the other tools are found whatever this machine has where; none may run
        for (String tool : List.of("qemu-img", "mvn")) {
            Path stub = Files.writeString(bin.resolve(tool), "#!/bin/sh\necho '" + tool + " must not run' >&2\nexit 97\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Result result = RemotefsProcess.exec(List.of("env", "PATH=" + bin + ":/usr/bin:/bin", "bash",
                ROOT.resolve("bin/quickstart").toString()), work);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString()).contains("Java 17 or later", "found 11")
                .doesNotContain("must not run");
        assertThat(work.resolve("remotefs-data")).doesNotExist();
    }
}
