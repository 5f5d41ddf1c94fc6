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
    void withTheBuildsArchiveVolumeShowLoadsSharedClassesAndPrintsOneJsonDocument() {
        Path archive = RemotefsProcess.jar().resolveSibling(RemotefsProcess.ARCHIVE);
        assertThat(archive).as("made by the package phase").isRegularFile();
        String id = createVolume(ROOT.resolve("bin/remotefs"));

        // every class the JVM loads is reported, on stderr: those of the jar come from the archive
        Result result = RemotefsProcess.exec(List.of("env", "REMOTEFS_JAVA_OPTS=-Xlog:class+load=info:stderr", "bash",
                ROOT.resolve("bin/remotefs").toString(), "--format", "json", "volume", "show", id), work);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutJson().path("id").asText()).isEqualTo(id);
        assertThat(result.stderr()).containsPattern("org\\.remotefs\\.cli\\.RemoteFsCommand source: shared objects file")
                // picocli's class files are of Java 5: a lambda over one of its interfaces, resolved at
                // the dump, keeps them out of the archive (README "Fast start")
                .containsPattern("picocli\\.CommandLine source: shared objects file")
                // the training run showed a volume that is there: none of the project's classes is
                // read from the jar
                .doesNotContainPattern("org\\.remotefs\\.[\\w.$]+ source: (file|jar):")
                // logback is configured by the command's own Configurator, not its XML-or-console default
                .doesNotContain("ch.qos.logback.classic.BasicConfigurator");
    }

    @Test
    void binRemotefsStartedThroughALinkRunsTheCheckoutsCommand() throws IOException {
        // as an install that links /usr/local/bin/remotefs to the checkout's script
        Path link = Files.createSymbolicLink(Files.createDirectories(work.resolve("links")).resolve("remotefs"),
                ROOT.resolve("bin/remotefs"));

        Result result = RemotefsProcess.exec(List.of(link.toString(), "drivers", "--format", "json"), work);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutJson().findValuesAsText("id")).contains("localfs", "nfs");
    }

    @Test
    void aDamagedOrMismatchedArchiveCostsOnlySpeed() throws IOException {
        // a copy of the layout bin/remotefs expects, with an archive made for the copied jar (from the
        // build's class list): the JVM checks an archive against the path of the jar it was made for
        Path root = Files.createDirectories(work.resolve("install"));
        Path launcher = Files.copy(ROOT.resolve("bin/remotefs"), Files.createDirectories(root.resolve("bin")).resolve("remotefs"));
        Path target = Files.createDirectories(root.resolve("remotefs-cli/target"));
        Path jar = Files.copy(RemotefsProcess.jar(), target.resolve(RemotefsProcess.jar().getFileName()));
        Path archive = target.resolve(RemotefsProcess.ARCHIVE);
        Result dump = RemotefsProcess.exec(List.of(java(), "-Xshare:dump", "-Xlog:disable", "-Xlog:all=error:stderr",
                "-XX:SharedClassListFile=" + RemotefsProcess.jar().resolveSibling("remotefs.classlist"),
                "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString()), work);
        assertThat(dump.exitCode()).as(dump.toString()).isZero();
        String id = createVolume(launcher);
        assertThat(show(launcher, id, "-Xlog:class+load=info:stderr").stderr())
                .as("without the build's stamp the archive is not used")
                .doesNotContainPattern("org\\.remotefs\\.cli\\.RemoteFsCommand source: shared objects file");
        stamp(archive);
        assertThat(show(launcher, id, "-Xlog:class+load=info:stderr").stderr())
                .as("the copy's archive, stamped, is used as it is")
                .containsPattern("org\\.remotefs\\.cli\\.RemoteFsCommand source: shared objects file");

        // damaged past its header: mapped, Java 17 would crash on it; written after its stamp, it is not used
        byte[] noise = new byte[1 << 20];
        new java.util.Random(14).nextBytes(noise);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(archive,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(noise), 64 << 10);
        }
        assertWorksWithOnlyTheDocumentOnStdout(launcher, id);
        assertThat(show(launcher, id, "-Xlog:class+load=info:stderr").stderr())
                .doesNotContainPattern("org\\.remotefs\\.cli\\.RemoteFsCommand source: shared objects file");
        // and with the full check asked for, the JVM's checksums set it aside too
        assertThat(show(launcher, id, "-XX:+VerifySharedSpaces -XX:SharedArchiveFile=" + archive).exitCode()).isZero();

        // cut short, and not an archive at all
        Files.write(archive, java.util.Arrays.copyOf(noise, 4096));
        assertWorksWithOnlyTheDocumentOnStdout(launcher, id);

        // a jar rebuilt after the archive was made
        Result redump = RemotefsProcess.exec(List.of(java(), "-Xshare:dump", "-Xlog:disable", "-Xlog:all=error:stderr",
                "-XX:SharedClassListFile=" + RemotefsProcess.jar().resolveSibling("remotefs.classlist"),
                "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString()), work);
        assertThat(redump.exitCode()).as(redump.toString()).isZero();
        stamp(archive);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertWorksWithOnlyTheDocumentOnStdout(launcher, id);
        assertThat(show(launcher, id, "-Xlog:class+load=info:stderr").stderr())
                .doesNotContainPattern("org\\.remotefs\\.cli\\.RemoteFsCommand source: shared objects file");
    }

    private void assertWorksWithOnlyTheDocumentOnStdout(Path launcher, String id) {
        // with everything the JVM says about archives, at every level, on: none of it reaches stdout
        Result result = show(launcher, id, "-Xlog:cds*=info:stderr");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutJson().path("id").asText()).as(result.toString()).isEqualTo(id);
    }

    /** What the build does once the archive is complete: its stamp, written after it (see bin/remotefs). */
    private static void stamp(Path archive) throws IOException {
        Path stamp = archive.resolveSibling(archive.getFileName() + ".stamp");
        Files.deleteIfExists(stamp);
        Files.createFile(stamp);
    }

    private Result show(Path launcher, String id, String javaOptions) {
        return RemotefsProcess.exec(List.of("env", "REMOTEFS_JAVA_OPTS=" + javaOptions, "bash", launcher.toString(),
                "--format", "json", "volume", "show", id), work);
    }

    private String createVolume(Path launcher) {
        Result created = RemotefsProcess.exec(List.of("bash", launcher.toString(), "--format", "json", "volume", "create",
                "--size", "1"), work);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        return created.stdoutJson().path("id").asText();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
