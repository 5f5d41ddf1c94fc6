package org.remotefs.tck.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance files of Maven runs read back for the build's one report. */
class ConformanceFilesTest {

    @Test
    void theRunsOfSeveralModulesBecomeOneMatrix(@TempDir Path build) throws Exception {
        Path nfs = Files.createDirectories(build.resolve("remotefs-nfs/target/remotefs-tck"));
        Path smb = Files.createDirectories(build.resolve("remotefs-smb/target/remotefs-tck"));
        Files.writeString(nfs.resolve("conformance-nfs.json"), """
                {"tck_version":"0.1.0","backend":{"id":"nfs","version":"1.0.0"},"capabilities":["CLONE","THIN"],
                 "contracts":[
                  {"contract":"CloneContract","test":"a(Tck)","status":"passed","reason":""},
                  {"contract":"ExtendContract","test":"b(Tck)","status":"failed","reason":"expected 2 GiB but was 1 GiB"},
                  {"contract":"VolumeFormatContract","test":"vhd(Tck)","status":"refused","reason":"UNSUPPORTED"}]}
                """);
        Files.writeString(smb.resolve("conformance-smb.json"), """
                {"backend":{"id":"smb"},"capabilities":[],"contracts":[
                  {"contract":"CloneContract","test":"a(Tck)","status":"known-deviation","reason":"the server copies"}]}
                """);
        Files.writeString(smb.resolve("conformance-smb.md"), "not read");

        List<BackendResult> backends = new ConformanceFiles().read(List.of(nfs, smb, build.resolve("absent")));

        assertThat(backends).extracting(BackendResult::name).containsExactly("nfs", "smb");
        BackendResult first = backends.get(0);
        assertThat(first.capabilities()).containsExactly("CLONE", "THIN");
        assertThat(first.cell("CloneContract").state()).isEqualTo(CellState.PASSED);
        assertThat(first.cell("VolumeFormatContract").state()).isEqualTo(CellState.NOT_DECLARED);
        assertThat(first.cell("ExtendContract").state()).isEqualTo(CellState.FAILED);
        assertThat(first.cell("ExtendContract").failed().get(0).diagnostics()).contains("expected 2 GiB")
                .contains("remotefs-nfs/target/failsafe-reports");
        assertThat(backends.get(1).cell("CloneContract").state()).isEqualTo(CellState.KNOWN_DEVIATION);
        assertThat(new Matrix("t", "v", backends).failed()).isTrue();
    }

    @Test
    void twoRunsOfOneBackendIdStayTwoColumns(@TempDir Path build) throws Exception {
        String json = "{\"backend\":{\"id\":\"localfs\"},\"contracts\":[{\"contract\":\"CloneContract\","
                + "\"test\":\"a\",\"status\":\"passed\",\"reason\":\"\"}]}";
        Path one = Files.createDirectories(build.resolve("one/target/remotefs-tck"));
        Path two = Files.createDirectories(build.resolve("two/target/remotefs-tck"));
        Files.writeString(one.resolve("conformance-localfs.json"), json);
        Files.writeString(two.resolve("conformance-localfs.json"), json);

        assertThat(new ConformanceFiles().read(List.of(one, two))).extracting(BackendResult::name)
                .containsExactly("localfs", "localfs (two)");
    }
}
