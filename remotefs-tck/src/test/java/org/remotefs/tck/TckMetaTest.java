package org.remotefs.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The TCK is tested: broken backends are caught by the contract meant to catch them. */
final class TckMetaTest {

    private static EngineExecutionResults run(String contract, Class<? extends TckBinding> binding) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass("org.remotefs.tck.contract." + contract))
                .configurationParameter("remotefs.tck.binding", binding.getName())
                .execute();
    }

    private static List<String> failedTests(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(Event::getTestDescriptor)
                .map(d -> d.getLegacyReportingName()).toList();
    }

    @Test
    void absoluteBackingPathsAreCaughtByTheOnShareFormatContract() {
        EngineExecutionResults results = run("OnShareFormatContract", BrokenBackends.AbsoluteBacking.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("overlaysPointAtTheirBackingByBareNameWithAnExplicitFormat"));
    }

    @Test
    void anExtendThatDoesNothingIsCaughtByTheExtendContract() {
        EngineExecutionResults results = run("ExtendContract", BrokenBackends.NoOpExtend.class);

        assertThat(failedTests(results)).anySatisfy(name -> assertThat(name).contains("extendGrowsTheVolumeAndKeepsItsData"));
    }

    @Test
    void aBadInfoFileIsCaughtByTheSnapshotChainContract() {
        EngineExecutionResults results = run("SnapshotChainContract", BrokenBackends.BadInfoFile.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("snapshotsRecordOverlaysInCindersInfoFile"));
    }

    @Test
    void anUndeclaredOperationThatIsAcceptedIsCaughtByTheRefusalCheck() {
        EngineExecutionResults results = run("CloneContract", BrokenBackends.AcceptsUndeclared.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("aCloneHoldsTheSourcesDataAtTheRequestedSize"));
    }

    @Test
    void anImageCopyWithoutChecksIsCaughtByTheImageCopyContract() {
        EngineExecutionResults results = run("ImageCopyContract", BrokenBackends.AcceptsAnyImage.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("imagesThatDoNotFitOrAreNoImagesAreRefusedAndChangeNothing"));
    }

    @Test
    void anOnlineDeleteThatBypassesTheComputeServiceIsCaughtByTheOnlineSnapshotContract() {
        EngineExecutionResults results = run("OnlineSnapshotContract", BrokenBackends.OfflineDeleteWhileAttached.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("snapshotsOfAnAttachedVolumeAreMadeAndMergedThroughTheComputeService"));
    }

    @Test
    void theRealLocalfsPassesTheseContracts() {
        for (String contract : List.of("OnShareFormatContract", "ExtendContract", "SnapshotChainContract", "CloneContract",
                "ImageCopyContract", "OnlineSnapshotContract", "MigrationContract")) {
            EngineExecutionResults results = run(contract, LocalFsTckBinding.class);
            assertThat(results.testEvents().failed().count()).as(contract).isZero();
            assertThat(results.testEvents().succeeded().count()).as(contract).isPositive();
        }
    }

    @Test
    void noBindingIsALoudFailure() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass("org.remotefs.tck.contract.ExtendContract"))
                .execute();

        assertThat(results.containerEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().map(Throwable::getMessage).orElse("")))
                .anySatisfy(message -> assertThat(message).contains("no TCK binding found", "remotefs.tck.binding"));
    }

    @Test
    void aBindingThatCannotBeMadeIsALoudFailure() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass("org.remotefs.tck.contract.ExtendContract"))
                .configurationParameter("remotefs.tck.binding", "org.example.NoSuchBinding")
                .execute();

        assertThat(results.containerEvents().failed().count()).isPositive();
        assertThat(results.testEvents().succeeded().count()).isZero();
    }
}
