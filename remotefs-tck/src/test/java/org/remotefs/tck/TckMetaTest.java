package org.remotefs.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.nio.file.Files;
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
    void aDriverThatIgnoresTheHostsLockServiceIsCaughtByTheLockingContract() {
        EngineExecutionResults results = run("LockingContract", BrokenBackends.OwnLocks.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("aVolumeOperationTakesCindersLockNameFromTheHostsLockService"))
                .anySatisfy(name -> assertThat(name).contains("aDeleteWaitsWhileTheVolumesLockIsHeldElsewhere"));
    }

    @Test
    void aThickVolumeLeftSparseIsCaughtByTheCapacityContract() {
        EngineExecutionResults results = run("CapacityContract", BrokenBackends.SparseThick.class);

        assertThat(failedTests(results)).anySatisfy(name ->
                assertThat(name).contains("aThickVolumeTakesItsWholeSizeFromItsShare"));
        // by the check of the file's blocks, not by free space, which this backend reports rightly
        assertThat(results.testEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().map(Throwable::getMessage).orElse("")))
                .anySatisfy(message -> assertThat(message).contains("bytes allocated to"));
    }

    /** Each test's published outcome ({@code refused: ...}), by the test's method name. */
    private static Map<String, String> outcomes(EngineExecutionResults results) {
        Map<String, String> outcomes = new TreeMap<>();
        results.allEvents().reportingEntryPublished().stream().forEach(event -> {
            String outcome = event.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow()
                    .getKeyValuePairs().get(RemoteFsTckExtension.ENTRY_OUTCOME);
            if (outcome != null) {
                outcomes.put(event.getTestDescriptor().getDisplayName().replaceAll("\\(.*", ""), outcome);
            }
        });
        return outcomes;
    }

    @Test
    void aBackendMakingQcow2VolumesItDoesNotDeclareIsCaughtByTheProvisioningContract() {
        EngineExecutionResults results = run("ProvisioningContract", BrokenBackends.UndeclaredQcow2.class);

        assertThat(failedTests(results)).singleElement().satisfies(name ->
                assertThat(name).contains("qcow2VolumesHaveTheirSizeAndNoBackingFile"));
    }

    @Test
    void layoutsABackendDoesNotDeclareAreCheckedAndReportedAsRefusedNeverSkipped() {
        EngineExecutionResults provisioning = run("ProvisioningContract", FewerLayouts.ThinOnly.class);
        EngineExecutionResults capacity = run("CapacityContract", FewerLayouts.ThinOnly.class);

        for (EngineExecutionResults results : List.of(provisioning, capacity)) {
            assertThat(failedTests(results)).isEmpty();
            assertThat(results.testEvents().skipped().count()).isZero();
            assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        }
        assertThat(outcomes(provisioning)).containsOnlyKeys("thickVolumesAreFullyAllocatedRawFiles",
                        "qcow2VolumesHaveTheirSizeAndNoBackingFile")
                .hasEntrySatisfying("thickVolumesAreFullyAllocatedRawFiles", o -> assertThat(o).startsWith("refused: THICK"))
                .hasEntrySatisfying("qcow2VolumesHaveTheirSizeAndNoBackingFile", o -> assertThat(o).startsWith("refused: QCOW2"));
        assertThat(outcomes(capacity)).containsOnlyKeys("aThickVolumeTakesItsWholeSizeFromItsShare")
                .hasEntrySatisfying("aThickVolumeTakesItsWholeSizeFromItsShare", o -> assertThat(o).startsWith("refused: THICK"));
    }

    @Test
    void aConfiguredBackendIsRefusedTheLayoutsItsDriverDoesNotDeclareOnItsOwnShare(@TempDir Path dir)
            throws Exception {
        Path share = Files.createDirectories(dir.resolve("gold"));
        Path config = Files.writeString(dir.resolve("remotefs.conf"), "remotefs.backends.gold { driver = thinonly,"
                + " nas_share_path = " + com.typesafe.config.ConfigUtil.quoteString(share.toString()) + " }\n");
        // the registry finds the thin-only driver as it finds any backend's: through a service file
        Path services = Files.createDirectories(dir.resolve("classes/META-INF/services"));
        Files.writeString(services.resolve(org.remotefs.api.spi.VolumeDriverProvider.class.getName()),
                FewerLayouts.ThinOnlyProvider.class.getName() + "\n");
        EngineExecutionResults results;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {dir.resolve("classes").toUri().toURL()}, TckMetaTest.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass("org.remotefs.tck.contract.ProvisioningContract"))
                    .configurationParameter("remotefs.tck.binding", ConfiguredBackendBinding.class.getName())
                    .configurationParameter(ConfiguredBackendBinding.CONFIG, config.toString())
                    .execute();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }

        assertThat(failedTests(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(outcomes(results)).containsOnlyKeys("thickVolumesAreFullyAllocatedRawFiles",
                "qcow2VolumesHaveTheirSizeAndNoBackingFile").allSatisfy((test, outcome) ->
                assertThat(outcome).startsWith("refused: "));
        try (var left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("volume-"));
        }
    }

    /** A configured localfs with the naming named; the naming the binding holds it to is read from its options. */
    private static EngineExecutionResults runConfiguredLocalfs(Path dir, String naming, String contract)
            throws Exception {
        Path share = Files.createDirectories(dir.resolve("gold"));
        Path config = Files.writeString(dir.resolve("remotefs.conf"), "remotefs.backends.gold { driver = localfs,"
                + " nas_share_path = " + com.typesafe.config.ConfigUtil.quoteString(share.toString())
                + ", localfs_volume_file_names = " + naming + " }\n");
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass("org.remotefs.tck.contract." + contract))
                .configurationParameter("remotefs.tck.binding", ConfiguredBackendBinding.class.getName())
                .configurationParameter(ConfiguredBackendBinding.CONFIG, config.toString())
                .execute();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "extension"})
    void aConfiguredBackendIsHeldToTheNamingItsOptionsChoose(String naming, @TempDir Path dir) throws Exception {
        EngineExecutionResults results = runConfiguredLocalfs(dir, naming, "OnShareFormatContract");

        assertThat(failedTests(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(new ConfiguredBackendBinding().configured(key -> key.equals(ConfiguredBackendBinding.CONFIG)
                ? java.util.Optional.of(dir.resolve("remotefs.conf").toString()) : java.util.Optional.empty())
                .namesFilesByFormat()).isEqualTo(naming.equals("extension"));
    }

    @Test
    void aBackendDeclaringNoThinVolumesIsTestedOnTheLayoutItDeclaresAndThinIsRefused() {
        EngineExecutionResults results = run("ProvisioningContract", FewerLayouts.Qcow2Only.class);

        assertThat(failedTests(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(outcomes(results)).containsOnlyKeys("thinVolumesAreSparseRawFiles", "thickVolumesAreFullyAllocatedRawFiles")
                .hasEntrySatisfying("thinVolumesAreSparseRawFiles", o -> assertThat(o).startsWith("refused: THIN"))
                .hasEntrySatisfying("thickVolumesAreFullyAllocatedRawFiles", o -> assertThat(o).startsWith("refused: THICK"));
    }

    @Test
    void aNeighbourWritingAndDeletingOnTheSharesFileSystemFailsNoCapacityTest() {
        EngineExecutionResults results = run("CapacityContract", NoisyNeighbourBinding.class);

        assertThat(failedTests(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
    }

    /** What makes the test above mean something: the neighbour really moves the shares' free space. */
    @Test
    void theNeighbourTakesAndGivesBackAGibibyteOfTheSharesFileSystemAtEachReport(@TempDir Path dir) throws Exception {
        try (TckBackend backend = new NoisyNeighbourBinding().open(dir, Provisioning.THIN, new TckHost(dir).services())) {
            Path share = backend.shareDirectories().get(0);
            Path neighbour = dir.resolve("neighbour");
            assertThat(Files.getFileStore(neighbour)).isEqualTo(Files.getFileStore(share));
            assertThat(neighbour.startsWith(share)).isFalse();
            assertThat(QemuTools.info(neighbour).get("actual-size").asLong()).isGreaterThanOrEqualTo(1L << 30);

            backend.driver().getVolumeStats(true);
            assertThat(neighbour).doesNotExist();

            backend.driver().getVolumeStats(true);
            assertThat(QemuTools.info(neighbour).get("actual-size").asLong()).isGreaterThanOrEqualTo(1L << 30);
        }
        assertThat(dir.resolve("neighbour")).doesNotExist();
    }

    @Test
    void aSnapshotOfAVhdVolumeThatSucceedsIsCaughtByTheVolumeFormatContract() {
        EngineExecutionResults results = run("VolumeFormatContract", BrokenBackends.SnapshotsOfVhd.class);

        assertThat(failedMethods(results)).containsExactlyInAnyOrder("snapshotsOfVhdVolumesAreRefusedAndChangeNothing",
                "snapshotsOfVhdxVolumesAreRefusedAndChangeNothing");
    }

    @Test
    void vhdFilesNamedWithoutTheirExtensionAreCaughtByTheVolumeFormatContract() {
        EngineExecutionResults results = run("VolumeFormatContract", BrokenBackends.VhdWithoutExtension.class);

        // every test of both formats, each of which starts from a new volume
        assertThat(failedMethods(results)).hasSize(8).allSatisfy(name -> assertThat(name).containsPattern("(?i)vhdx?Volumes"));
    }

    @Test
    void vhdVolumesReportedAsVpcAreCaughtByTheVolumeFormatContract() {
        EngineExecutionResults results = run("VolumeFormatContract", BrokenBackends.VhdReportedAsVpc.class);

        assertThat(failedMethods(results)).contains("vhdVolumesAreFilesOfTheirFormatAndExactSizeNamedByTheirExtension")
                .noneSatisfy(name -> assertThat(name).containsIgnoringCase("vhdx"));
        assertThat(failureMessages(results)).anySatisfy(message -> assertThat(message).contains("vpc"));
    }

    @Test
    void vhdVolumesABackendDoesNotDeclareAndMakesAllTheSameAreCaughtByTheRefusalCheck() {
        EngineExecutionResults results = run("VolumeFormatContract", BrokenBackends.UndeclaredVhd.class);

        // each of the four vhd tests, by the refusal check that replaces it: the create succeeded
        assertThat(failedMethods(results)).containsExactlyInAnyOrder(
                "vhdVolumesAreFilesOfTheirFormatAndExactSizeNamedByTheirExtension",
                "vhdVolumesKeepTheirFormatNameAndDataThroughAnExtend",
                "vhdVolumesAreClonedWithTheirDataIntoTheFormatTheCloneAsksFor",
                "snapshotsOfVhdVolumesAreRefusedAndChangeNothing");
        assertThat(failureMessages(results)).allSatisfy(message ->
                assertThat(message).contains("expected a RemoteFsException, and the operation succeeded"));
    }

    @Test
    void plainNamesWhereTheBindingSaysExtensionNamesAreCaughtByTheOnShareFormatContract() {
        EngineExecutionResults results = run("OnShareFormatContract", BrokenBackends.ClaimsExtensionNames.class);

        assertThat(failedMethods(results)).containsExactlyInAnyOrder("volumeFilesAreNamedByCindersTemplate",
                "overlaysPointAtTheirBackingByBareNameWithAnExplicitFormat");
    }

    @Test
    void formatsABackendDoesNotDeclareAreReportedAsRefusedAndAnUnknownFormatIsCheckedOnIt() {
        EngineExecutionResults results = run("VolumeFormatContract", FewerLayouts.ThinOnly.class);

        assertThat(failedTests(results)).isEmpty();
        assertThat(results.testEvents().skipped().count()).isZero();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(9);
        Map<String, String> outcomes = outcomes(results);
        assertThat(outcomes).hasSize(8).allSatisfy((test, outcome) -> assertThat(outcome)
                .startsWith(test.toLowerCase(java.util.Locale.ROOT).contains("vhdx") ? "refused: VHDX is not declared, and a volume asking for"
                        + " volume_format=vhdx is refused with UNSUPPORTED"
                        : "refused: VHD is not declared, and a volume asking for volume_format=vhd is refused"));
    }

    /** The method names of the failed tests. */
    private static List<String> failedMethods(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(Event::getTestDescriptor)
                .map(d -> d.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                        .map(source -> ((org.junit.platform.engine.support.descriptor.MethodSource) source).getMethodName())
                        .orElse(d.getDisplayName()))
                .toList();
    }

    /** The messages of the failed tests. */
    private static List<String> failureMessages(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().map(Throwable::getMessage).orElse(""))
                .toList();
    }

    @Test
    void anOptionDeclaredWithoutADefaultIsCaughtByTheOptionDefaultsContractNamingItAndTheSideLackingIt() {
        EngineExecutionResults results = run("OptionDefaultsContract", MisdocumentedOptions.DeclaredWithoutDefault.class);

        assertThat(failedMethods(results)).containsExactly("everyDeclaredOptionHasADefaultInReferenceConf");
        assertThat(failureMessages(results)).singleElement().satisfies(message -> assertThat(message)
                .contains("[undocumented]", "undocumented_mount_point_base", "reference.conf lacks")
                .doesNotContain("undocumented_shares_config"));
    }

    @Test
    void aDefaultNoOptionDeclaresIsCaughtByTheOptionDefaultsContractNamingItAndTheSideLackingIt() {
        EngineExecutionResults results = run("OptionDefaultsContract", MisdocumentedOptions.DefaultWithoutDeclaration.class);

        assertThat(failedMethods(results)).containsExactly("everyKeyOfTheDefaultsIsADeclaredOption");
        assertThat(failureMessages(results)).singleElement().satisfies(message -> assertThat(message)
                .contains("[undeclared]", "undeclared_mount_options", "options() lacks")
                .doesNotContain("undeclared_shares_config"));
    }

    @Test
    void aNullDefaultOfAnOptionNotDeclaredNullableIsCaughtByTheOptionDefaultsContract() {
        EngineExecutionResults results = run("OptionDefaultsContract", MisdocumentedOptions.NullDefaultOfARequiredOption.class);

        assertThat(failedMethods(results)).containsExactly("everyDeclaredOptionHasADefaultInReferenceConf");
        assertThat(failureMessages(results)).singleElement().satisfies(message -> assertThat(message)
                .contains("[nulldefault]", "nulldefault_mount_point_base", "nullable"));
    }

    @Test
    void theRealLocalfsPassesTheseContracts() {
        for (String contract : List.of("OnShareFormatContract", "ExtendContract", "SnapshotChainContract", "CloneContract",
                "ImageCopyContract", "OnlineSnapshotContract", "MigrationContract", "CapacityContract",
                "LockingContract", "VolumeFormatContract", "OptionDefaultsContract")) {
            EngineExecutionResults results = run(contract, LocalFsTckBinding.class);
            assertThat(results.testEvents().failed().count()).as(contract).isZero();
            assertThat(results.testEvents().succeeded().count()).as(contract).isPositive();
        }
    }

    private static EngineExecutionResults run(String contract, Class<? extends TckBinding> binding,
                                              Path deviations, boolean strict) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass("org.remotefs.tck.contract." + contract))
                .configurationParameter("remotefs.tck.binding", binding.getName())
                .configurationParameter(KnownDeviations.FILE, deviations.toString())
                .configurationParameter(KnownDeviations.STRICT, Boolean.toString(strict))
                .execute();
    }

    @Test
    void aListedKnownDeviationIsReportedWithItsReasonInsteadOfFailingAndAStrictRunFailsIt(@TempDir Path dir)
            throws Exception {
        Path list = Files.writeString(dir.resolve("deviations"), "# reviewed by the storage team\n\n"
                + "ExtendContract#extendGrowsTheVolumeAndKeepsItsData | the array resizes on its own | https://tracker.example/42\n"
                + "ExtendContract#shrinkingAndExtendingWhileAttachedAreRefused | same cause | https://tracker.example/42\n");

        EngineExecutionResults lenient = run("ExtendContract", BrokenBackends.NoOpExtend.class, list, false);
        assertThat(failedTests(lenient)).isEmpty();
        assertThat(lenient.testEvents().skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .anySatisfy(reason -> assertThat(reason).startsWith("known deviation: the array resizes on its own")
                        .contains("https://tracker.example/42", "deviations:3"));

        EngineExecutionResults strict = run("ExtendContract", BrokenBackends.NoOpExtend.class, list, true);
        assertThat(failedTests(strict)).anySatisfy(name -> assertThat(name).contains("extendGrowsTheVolumeAndKeepsItsData"));
    }

    @Test
    void aStrictRunSaysWhichListedTestNowPasses(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("deviations"),
                "ExtendContract#extendGrowsTheVolumeAndKeepsItsData | was broken once | https://tracker.example/7\n");

        EngineExecutionResults strict = run("ExtendContract", LocalFsTckBinding.class, list, true);

        assertThat(failedTests(strict)).isEmpty();
        assertThat(strict.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().getOrDefault(RemoteFsTckExtension.ENTRY_OUTCOME, "")))
                .anySatisfy(outcome -> assertThat(outcome).startsWith("deviation-passes: was broken once"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ExtendContract#noSuchTest | reason | https://tracker.example/1",
            "NoSuchContract#extendGrowsTheVolumeAndKeepsItsData | reason | https://tracker.example/1",
            "ExtendContract#extendGrowsTheVolumeAndKeepsItsData | | https://tracker.example/1",
            "ExtendContract#extendGrowsTheVolumeAndKeepsItsData | a reason and no issue",
            "extendGrowsTheVolumeAndKeepsItsData | reason | https://tracker.example/1"})
    void aBadLineInTheListIsALoudFailureNamingFileAndLine(String line, @TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("deviations"), "# header\n" + line + "\n");

        EngineExecutionResults results = run("ExtendContract", LocalFsTckBinding.class, list, false);

        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(results.containerEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().map(Throwable::getMessage).orElse("")))
                .anySatisfy(message -> assertThat(message).contains(list + ":2"));
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
