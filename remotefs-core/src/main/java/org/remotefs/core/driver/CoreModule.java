package org.remotefs.core.driver;

import java.nio.file.Path;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.FileStoreCapacityProbe;
import org.remotefs.core.capacity.MonotonicClock;
import org.remotefs.core.compute.ComputeWait;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.image.ConversionDirectories;
import org.remotefs.core.image.ImageCopies;
import org.remotefs.core.json.Json;
import org.remotefs.core.share.CapacityShareSelector;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.ShareSource;
import org.remotefs.core.share.Shares;
import org.remotefs.core.snapshot.BackingFileCheck;
import org.remotefs.core.snapshot.ChainWalker;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.NasSecurity;
import org.remotefs.core.volume.QemuImg;
import org.remotefs.core.volume.VolumeFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The wiring of a core-based driver, one explicit provider method per part. A protocol module
 * binds {@link ShareProtocol}; a vendor replaces any part here with {@code Modules.override}
 * (see {@link RemoteFsDriverProvider#overrides()}).
 */
public final class CoreModule extends AbstractModule {
    private final DriverContext context;
    private final BackendSettings settings;
    private final DriverIdentity identity;

    public CoreModule(DriverContext context, DriverIdentity identity) {
        this.context = context;
        this.settings = context.settings();
        this.identity = identity;
    }

    @Override
    protected void configure() {
        bind(BackendSettings.class).toInstance(settings);
        bind(DriverIdentity.class).toInstance(identity);
        bind(DriverContext.class).toInstance(context);
    }

    @Provides
    @Singleton
    ImageCopies imageCopies(SnapshotChains chains, QemuImg qemuImg, ImageHeaderReader headers,
                            FileOperations fileOperations, VolumeFiles files, CoreOptions options) {
        ConversionDirectories conversions = new ConversionDirectories(options.imageConversionDirectory(),
                Path.of(System.getProperty("java.io.tmpdir")));
        return new ImageCopies(chains, qemuImg, headers, fileOperations, files, conversions, options.qcow2Volumes());
    }

    @Provides
    @Singleton
    CoreOptions coreOptions() {
        return CoreOptions.from(identity.prefix(), settings);
    }

    @Provides
    @Singleton
    CommandRunner commandRunner(CoreOptions options) {
        return new ExecCommandRunner(RootHelper.parse(options.rootHelper()), options.commandTimeout());
    }

    @Provides
    @Singleton
    MonotonicClock monotonicClock() {
        return MonotonicClock.system();
    }

    @Provides
    @Singleton
    ObjectMapper objectMapper() {
        return Json.mapper();
    }

    @Provides
    @Singleton
    CapacityProbe capacityProbe() {
        return new FileStoreCapacityProbe();
    }

    @Provides
    @Singleton
    AllocationTracker allocationTracker(MonotonicClock clock, CoreOptions options) {
        return new AllocationTracker(clock, options.provisionedCapacityCache());
    }

    @Provides
    @Singleton
    ShareSource shareSource(CoreOptions options, ShareProtocol protocol) {
        String origin;
        try {
            origin = "backend '" + settings.backendName() + "', " + settings.origin(options.sharesConfigKey());
        } catch (IllegalArgumentException e) {
            origin = "backend '" + settings.backendName() + "'";
        }
        return new ShareSource(options, protocol, origin);
    }

    @Provides
    @Singleton
    Shares shares(ShareSource source, ShareProtocol protocol) {
        return new Shares(source, protocol);
    }

    @Provides
    @Singleton
    ShareSelector shareSelector(CapacityProbe probe, AllocationTracker allocation, CoreOptions options) {
        return new CapacityShareSelector(probe, allocation, options);
    }

    @Provides
    @Singleton
    QemuImg qemuImg(CommandRunner runner, ObjectMapper mapper) {
        return new QemuImg(runner, mapper);
    }

    @Provides
    @Singleton
    FileOperations fileOperations(CommandRunner runner, CoreOptions options) {
        return new FileOperations(runner, RootHelper.parse(options.rootHelper()));
    }

    @Provides
    @Singleton
    VolumeFiles volumeFiles(FileOperations fileOperations, QemuImg qemuImg) {
        return new VolumeFiles(fileOperations, qemuImg);
    }

    @Provides
    @Singleton
    NasSecurity nasSecurity() {
        return new NasSecurity();
    }

    @Provides
    @Singleton
    ImageHeaderReader imageHeaderReader() {
        return new ImageHeaderReader();
    }

    @Provides
    @Singleton
    InfoFile infoFile(ObjectMapper mapper) {
        return new InfoFile(mapper);
    }

    @Provides
    @Singleton
    VolumeInventory volumeInventory(InfoFile infoFile, ImageHeaderReader headers, CoreOptions options) {
        return new VolumeInventory(infoFile, headers, !options.qcow2Volumes());
    }

    @Provides
    @Singleton
    BackingFileCheck backingFileCheck() {
        return new BackingFileCheck();
    }

    @Provides
    @Singleton
    ChainWalker chainWalker(ImageHeaderReader headers, BackingFileCheck check) {
        return new ChainWalker(headers, check);
    }

    @Provides
    @Singleton
    SnapshotChains snapshotChains(Shares shares, InfoFile infoFile, ChainWalker walker, QemuImg qemuImg,
                                  VolumeFiles files, FileOperations fileOperations, AllocationTracker allocation,
                                  ShareSelector selector, CoreOptions options, ComputeWait computeWait,
                                  ImageHeaderReader headers) {
        return new SnapshotChains(shares, infoFile, walker, qemuImg, files, fileOperations, allocation, selector,
                options.qcow2Volumes(), context.computeAssist(), computeWait, headers);
    }

    @Provides
    @Singleton
    OperationGate operationGate() {
        return OperationGate.open();
    }

    @Provides
    @Singleton
    Sleeper sleeper() {
        return Sleeper.system();
    }

    @Provides
    @Singleton
    ComputeWait computeWait(MonotonicClock clock, Sleeper sleeper) {
        return new ComputeWait(clock, sleeper);
    }

    @Provides
    @Singleton
    VolumeLocks volumeLocks(CoreOptions options) {
        return options.lockPath().<VolumeLocks>map(FileVolumeLocks::new).orElseGet(LocalVolumeLocks::new);
    }

    @Provides
    @Singleton
    StatsReporter statsReporter(CoreOptions options, CapacityProbe probe, AllocationTracker allocation,
                                ShareProtocol protocol) {
        return new StatsReporter(identity, options, probe, allocation, protocol.driverVolumeType());
    }

    @Provides
    @Singleton
    VolumeDriver volumeDriver(CoreOptions options, Shares shares, ShareProtocol protocol, ShareSelector selector,
                              VolumeFiles files, NasSecurity nasSecurity, StatsReporter stats, VolumeInventory inventory,
                              VolumeLocks locks, AllocationTracker allocation,
                              InfoFile infoFile, CommandRunner runner, SnapshotChains chains, ImageCopies copies,
                              OperationGate gate) {
        return new RemoteFsVolumeDriver(identity, options, shares, protocol, selector, files, nasSecurity, stats,
                inventory, locks, allocation, infoFile, runner, chains, copies, context.imageService(), gate);
    }
}
