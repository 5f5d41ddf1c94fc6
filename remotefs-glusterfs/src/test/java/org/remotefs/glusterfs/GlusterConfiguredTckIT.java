package org.remotefs.glusterfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.ConfiguredBackendBinding;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsTckExtension;
import org.remotefs.testing.GlusterServer;
import org.remotefs.testing.GlusterVolume;

/**
 * The TCK as {@code remotefs tck --config FILE --backend NAME} runs it against a configured GlusterFS
 * backend — the way to certify a real cluster — here on a volume of a local glusterd: the layouts
 * are chosen with {@code nas_volume_prov_type}, sparse raw files are refused, and the shares are
 * left as they were.
 */
final class GlusterConfiguredTckIT {

    @Test
    void theProvisioningAndCapacityContractsPassOnAConfiguredBackend() throws Exception {
        Path work = Files.createTempDirectory("remotefs-gluster-configured-");
        try (GlusterServer server = new GlusterServer().withWorkDirectory(work.resolve("glusterd")).start()) {
            GlusterVolume volume = server.createVolume("cluster", "4G");
            Path shares = Files.writeString(work.resolve("glusterfs_shares"), volume.share() + "\n");
            Path config = Files.writeString(work.resolve("remotefs.conf"), BackendConfig.of("gold")
                    .driver(GlusterFsDriverProvider.ID)
                    .option("glusterfs_shares_config", shares)
                    .option("glusterfs_mount_point_base", work.resolve("mnt"))
                    .toHocon());

            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass("org.remotefs.tck.contract.ProvisioningContract"),
                            selectClass("org.remotefs.tck.contract.CapacityContract"))
                    .configurationParameter("remotefs.tck.binding", ConfiguredBackendBinding.class.getName())
                    .configurationParameter(ConfiguredBackendBinding.CONFIG, config.toString())
                    .execute();

            assertThat(results.testEvents().failed().stream().map(event -> event.getTestDescriptor()
                    .getLegacyReportingName() + ": " + event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::toString).orElse(""))
                    .toList()).isEmpty();
            assertThat(results.testEvents().succeeded().count()).isEqualTo(6);
            assertThat(outcomes(results)).containsOnlyKeys("thinVolumesAreSparseRawFiles",
                            "provisionedCapacityCountsAThinVolumeAtItsFullSize")
                    .allSatisfy((test, outcome) -> assertThat(outcome).startsWith("refused: THIN"));
            try (var left = Files.list(volume.brick())) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("volume-"));
            }
        } finally {
            QemuTools.run("rm", "-rf", work.toString());
        }
    }

    private static Map<String, String> outcomes(EngineExecutionResults results) {
        Map<String, String> outcomes = new TreeMap<>();
        results.allEvents().reportingEntryPublished().stream().forEach(event -> {
            String outcome = event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()
                    .get(RemoteFsTckExtension.ENTRY_OUTCOME);
            if (outcome != null) {
                outcomes.put(event.getTestDescriptor().getDisplayName().replaceAll("\\(.*", ""), outcome);
            }
        });
        return outcomes;
    }
}
