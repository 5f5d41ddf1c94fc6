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
        Path failsafe = Files.createDirectories(build.resolve("remotefs-nfs/target/failsafe-reports"));
        Files.writeString(failsafe.resolve("TEST-org.remotefs.nfs.NfsTckIT.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="org.remotefs.nfs.NfsTckIT" tests="2" failures="1">
                  <testcase name="a(Tck)[1]" classname="org.remotefs.tck.contract.CloneContract[1]" time="0.1"/>
                  <testcase name="b(Tck)[1]" classname="org.remotefs.tck.contract.ExtendContract[1]" time="0.2">
                    <failure message="expected 2 GiB" type="org.opentest4j.AssertionFailedError">expected 2 GiB but was 1 GiB
                	at org.remotefs.tck.contract.ExtendContract.b(ExtendContract.java:40)</failure>
                  </testcase>
                </testsuite>
                """);

        List<BackendResult> backends = new ConformanceFiles().read(List.of(nfs, smb, build.resolve("absent")));

        assertThat(backends).extracting(BackendResult::name).containsExactly("nfs", "smb");
        BackendResult first = backends.get(0);
        assertThat(first.capabilities()).containsExactly("CLONE", "THIN");
        assertThat(first.cell("CloneContract").state()).isEqualTo(CellState.PASSED);
        assertThat(first.cell("VolumeFormatContract").state()).isEqualTo(CellState.NOT_DECLARED);
        assertThat(first.cell("ExtendContract").state()).isEqualTo(CellState.FAILED);
        assertThat(first.cell("ExtendContract").failed().get(0).diagnostics())
                .contains("From TEST-org.remotefs.nfs.NfsTckIT.xml:").contains("ExtendContract.java:40");
        assertThat(backends.get(1).cell("CloneContract").state()).isEqualTo(CellState.KNOWN_DEVIATION);
        // no Failsafe report of the module: the message, and where to look
        Files.writeString(smb.resolve("conformance-smb.json"), """
                {"backend":{"id":"smb"},"contracts":[
                  {"contract":"CloneContract","test":"a(Tck)","status":"failed","reason":"refused"}]}
                """);
        assertThat(new ConformanceFiles().read(smb.resolve("conformance-smb.json")).tests().get(0).diagnostics())
                .contains("refused").contains("remotefs-smb/target/failsafe-reports");
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
