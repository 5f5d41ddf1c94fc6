package org.remotefs.core.driver;

import java.nio.file.Path;
import java.time.Clock;

import com.google.inject.name.Named;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.CapacityCache;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.FileStoreCapacityProbe;
import org.remotefs.core.capacity.MonotonicClock;
import org.remotefs.core.compute.ComputeWait;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.host.OperationProgress;
import org.remotefs.core.image.ConversionDirectories;
import org.remotefs.core.image.ImageCopies;
import org.remotefs.core.lock.FileLockService;
import org.remotefs.core.lock.FileLockServiceProvider;
import org.remotefs.core.lock.HostIdentity;
import org.remotefs.core.lock.LockDirectory;
import org.remotefs.core.json.Json;
import org.remotefs.core.share.CapacityLimits;
import org.remotefs.core.share.CapacityShareSelector;
import org.remotefs.core.share.PoolLayout;
import org.remotefs.core.share.PoolShareSelector;
import org.remotefs.core.share.ShareAwareCommandRunner;
import org.remotefs.core.share.ShareCalls;
import org.remotefs.core.share.ShareProbe;
import org.remotefs.core.share.Pools;
import org.remotefs.core.share.RecentShares;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.ShareSource;
import org.remotefs.core.share.Shares;
import org.remotefs.core.snapshot.ChainCopies;
import org.remotefs.core.snapshot.ChainReader;
import org.remotefs.core.check.InfoRebuild;
import org.remotefs.core.layout.BackingFileCheck;
import org.remotefs.core.check.Quarantine;
import org.remotefs.core.check.VolumeInspector;
import org.remotefs.core.check.VolumeRepairs;
import org.remotefs.core.snapshot.CloneJournal;
import org.remotefs.core.snapshot.DeleteJournal;
import org.remotefs.core.snapshot.InterruptedClones;
import org.remotefs.core.snapshot.InterruptedDeletes;
import org.remotefs.core.snapshot.ChainResize;
import org.remotefs.core.snapshot.ChainRevert;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.snapshot.InfoWriter;
import org.remotefs.core.snapshot.OnlineSnapshots;
import org.remotefs.core.snapshot.Snapshots;
import org.remotefs.core.snapshot.Leftovers;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.Qcow2Occupancy;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.NasSecurity;
import org.remotefs.core.volume.QemuImg;
import org.remotefs.core.volume.Qcow2Commits;
import org.remotefs.core.volume.Qcow2Overlays;
import org.remotefs.core.volume.Qcow2Rebases;
import org.remotefs.core.volume.InPlaceGrowth;
import org.remotefs.core.volume.ThickAllocation;
import org.remotefs.core.volume.VolumeFiles;
import org.remotefs.core.volume.FormatConversion;
import org.remotefs.core.volume.VirtualSizes;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.layout.FileLayout;
import org.remotefs.core.layout.VolumeNaming;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.config.CoreOptions;

/**
 * The wiring of a core-based driver. Parts built from other parts alone are made by their
 * {@code @Inject} constructors (singletons); a provider method here makes each part that needs a
 * setting, a host service or a choice. A protocol module binds {@link ShareProtocol}; a vendor
 * replaces any part with {@code Modules.override} (see {@link RemoteFsDriverProvider#overrides()}).
 */
public final class CoreModule extends AbstractModule {
    /** The executor that refreshes a share after an own write (capacity cache and allocation tracker share it). */
    private static final String SHARE_REFRESH = "remotefs-share-refresh";
    /** The executor that reads the stats' share list and statvfs again ahead of their bound. */
    private static final String STATS_READ_AHEAD = "remotefs-stats-read-ahead";
    private final DriverContext context;
    private final BackendSettings settings;
    private final DriverIdentity identity;
    private final PoolLayout poolLayout;
    private final FileLayout fileLayout;

    public CoreModule(DriverContext context, DriverIdentity identity) {
        this(context, identity, PoolLayout.none(), FileLayout.plain());
    }

    /**
     * @param poolLayout whether the backend reports pools, and their configured names
     * @param fileLayout how the backend names its files, and its default-format option
     */
    public CoreModule(DriverContext context, DriverIdentity identity, PoolLayout poolLayout, FileLayout fileLayout) {
        this.context = context;
        this.settings = context.settings();
        this.identity = identity;
        this.poolLayout = poolLayout;
        this.fileLayout = fileLayout;
    }

    @Override
    protected void configure() {
        bind(BackendSettings.class).toInstance(settings);
        bind(DriverIdentity.class).toInstance(identity);
        bind(DriverContext.class).toInstance(context);
        bind(PoolLayout.class).toInstance(poolLayout);
        bind(FileLayout.class).toInstance(fileLayout);
        bind(CapacityProbe.class).to(FileStoreCapacityProbe.class);
        // Cinder's NFS way; a backend's overrides() may bind ThickAllocation.FALLOCATE (GlusterFS)
        bind(ThickAllocation.class).toInstance(ThickAllocation.WRITE_ZEROS);
    }

    @Provides
    @Singleton
    ImageCopies imageCopies(SnapshotChains chains, QemuImg qemuImg, ImageHeaderReader headers,
                            FileOperations fileOperations, VolumeFiles files, CoreOptions options,
                            FormatConversion conversion, VirtualSizes sizes, OperationProgress progress) {
        ConversionDirectories conversions = new ConversionDirectories(options.imageConversionDirectory(),
                Path.of(System.getProperty("java.io.tmpdir")));
        return new ImageCopies(chains, qemuImg, headers, fileOperations, files, conversions, conversion, sizes,
                progress);
    }

    /**
     * The backend's naming rule with the formats its capabilities offer; the default format from
     * its default-format option when it has one and it is set, else raw or qcow2 by
     * {@code <prefix>_qcow2_volumes}; plain-named files are of the default format when it is raw or
     * qcow2, else of the one {@code <prefix>_qcow2_volumes} makes. Whether the default is offered is the layout check's (at setup).
     */
    @Provides
    @Singleton
    VolumeNaming volumeNaming(CoreOptions options) {
        Set<VolumeFormat> offered = VolumeFormat.ALL.stream().filter(f -> f.offeredBy(identity.capabilities()))
                .collect(Collectors.toSet());
        VolumeFormat byLayout = options.qcow2Volumes() ? VolumeFormat.QCOW2 : VolumeFormat.RAW;
        VolumeFormat defaultFormat = fileLayout.defaultFormatOption()
                .flatMap(key -> settings.optionalString(key)
                        .map(value -> VolumeFormat.parse(value, "backend '" + settings.backendName() + "': option "
                                + key + " (" + settings.origin(key) + ")")))
                .orElse(byLayout);
        // plain-named files are the default format when that is raw or qcow2 (SMB's
        // smbfs_default_volume_format = qcow2), else what <prefix>_qcow2_volumes makes
        boolean plainDefault = defaultFormat == VolumeFormat.RAW || defaultFormat == VolumeFormat.QCOW2;
        return new VolumeNaming(fileLayout.naming(), offered, defaultFormat, plainDefault ? defaultFormat : byLayout);
    }

    @Provides
    @Singleton
    VolumeInventory volumeInventory(InfoFile infoFile, ImageHeaderReader headers, ChainWalker walker,
                                    VolumeNaming naming) {
        return new VolumeInventory(infoFile, headers, walker, naming);
    }

    @Provides
    @Singleton
    CoreOptions coreOptions() {
        return CoreOptions.from(identity.prefix(), settings);
    }

    @Provides
    @Singleton
    CommandRunner commandRunner(CoreOptions options, OperationGuard guard, ShareCalls calls) {
        // no process is started on a file of a hung share
        return new ShareAwareCommandRunner(
                new ExecCommandRunner(RootHelper.parse(options.rootHelper()), options.commandTimeout(), guard), calls);
    }

    @Provides
    @Singleton
    OperationGuard operationGuard() {
        return new OperationGuard(context.stopSignal());
    }

    @Provides
    @Singleton
    OperationProgress operationProgress() {
        return new OperationProgress(context.progress());
    }

    @Provides
    @Singleton
    MonotonicClock monotonicClock() {
        return MonotonicClock.system();
    }

    /** Asked for through a {@link Provider} by the parts holding it: made when JSON is first read or written. */
    @Provides
    @Singleton
    ObjectMapper objectMapper() {
        return Json.mapper();
    }

    /**
     * Where a share is refreshed after each of the driver's own writes — its {@code statvfs}, then
     * its allocation walk, in that order on one thread.
     */
    @Provides
    @Singleton
    @Named(SHARE_REFRESH)
    java.util.concurrent.Executor shareRefresher() {
        return backgroundThread(SHARE_REFRESH);
    }

    /**
     * Where the stats' share list and {@code statvfs} are read again ahead of their bound: a
     * thread of its own, so that a look at a share that just hung (waited out to
     * {@code share_io_timeout}) delays no refresh after a write.
     */
    @Provides
    @Singleton
    @Named(STATS_READ_AHEAD)
    java.util.concurrent.Executor statsReadAhead() {
        return backgroundThread(STATS_READ_AHEAD);
    }

    /** One daemon thread, there only while work is queued (none is kept idle per driver). */
    private static java.util.concurrent.Executor backgroundThread(String name) {
        return new java.util.concurrent.ThreadPoolExecutor(0, 1, 5,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The stats' size and free space of each share, kept at most stats_max_age_seconds. */
    @Provides
    @Singleton
    CapacityCache capacityCache(CapacityProbe probe, MonotonicClock clock, CoreOptions options,
                                @Named(SHARE_REFRESH) java.util.concurrent.Executor refresher,
                                @Named(STATS_READ_AHEAD) java.util.concurrent.Executor readAhead) {
        return new CapacityCache(probe, clock, options.statsMaxAge(), java.util.Optional.of(refresher),
                java.util.Optional.of(readAhead));
    }

    @Provides
    @Singleton
    AllocationTracker allocationTracker(MonotonicClock clock, CoreOptions options, ShareCalls calls,
                                        CapacityCache capacities,
                                        @Named(SHARE_REFRESH) java.util.concurrent.Executor refresher) {
        // every own write reaches the tracker: it tells the capacity cache first, so the share's
        // statvfs is read again before its walk
        return new AllocationTracker(clock, options.provisionedCapacityCache(), java.util.Optional.of(refresher),
                calls, capacities::invalidate);
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

    /**
     * Cinder's eligibility ratios from the generic options; a backend with options of its own for
     * them (SMB's {@code smbfs_used_ratio}, {@code smbfs_oversub_ratio}) overrides this binding.
     */
    @Provides
    @Singleton
    CapacityLimits capacityLimits(CoreOptions options) {
        return CapacityLimits.from(options);
    }

    @Provides
    @Singleton
    ShareSelector shareSelector(CapacityProbe probe, AllocationTracker allocation, CapacityLimits limits, Pools pools) {
        return new PoolShareSelector(pools, new CapacityShareSelector(probe, allocation, limits));
    }

    @Provides
    @Singleton
    FileOperations fileOperations(CommandRunner runner, CoreOptions options, OperationGuard guard,
                                  ThickAllocation thickAllocation, ShareCalls calls,
                                  OperationProgress progress) {
        return new FileOperations(runner, RootHelper.parse(options.rootHelper()), guard, thickAllocation, calls,
                progress);
    }


    @Provides
    @Singleton
    SnapshotChains snapshotChains(Shares shares, InfoFile infoFile, ChainWalker walker, QemuImg qemuImg,
                                  VolumeFiles files, FileOperations fileOperations, AllocationTracker allocation,
                                  ShareSelector selector, CoreOptions options, ComputeWait computeWait,
                                  ImageHeaderReader headers, Leftovers leftovers, VolumeNaming naming,
                                  FormatConversion conversion, VirtualSizes sizes, OperationGuard guard,
                                  DeleteJournal journal, CloneJournal cloneJournal) {
        // the snapshot engine's jobs, each its own class; none is replaced on its own, so they are made here
        ChainReader reader = new ChainReader(shares, infoFile, walker, naming, journal, cloneJournal);
        InfoWriter infoWriter = new InfoWriter(infoFile, files, guard);
        OnlineSnapshots online = new OnlineSnapshots(context.computeAssist(), computeWait, infoWriter, fileOperations,
                allocation);
        Qcow2Overlays overlays = new Qcow2Overlays(qemuImg, fileOperations, guard);
        InPlaceGrowth growth = new InPlaceGrowth(fileOperations, guard);
        Snapshots snapshots = new Snapshots(reader, new Qcow2Commits(qemuImg, fileOperations, growth, guard),
                new Qcow2Rebases(qemuImg, fileOperations, guard), overlays, files, fileOperations, allocation,
                infoWriter, online, journal);
        return new SnapshotChains(reader, snapshots,
                new ChainCopies(reader, snapshots, shares, files, fileOperations, allocation, leftovers, naming,
                        conversion, cloneJournal),
                new ChainResize(reader, qemuImg, selector, headers, allocation, conversion, fileOperations, sizes,
                        growth),
                new ChainRevert(reader, overlays, fileOperations, allocation),
                new InterruptedDeletes(reader, journal, snapshots, fileOperations, allocation),
                new InterruptedClones(reader, cloneJournal, leftovers, fileOperations, allocation));
    }

    @Provides
    @Singleton
    ShareCalls shareCalls(CoreOptions options) {
        return new ShareCalls(options.shareIoTimeout());
    }

    @Provides
    @Singleton
    ShareProbe shareProbe(ShareCalls calls) {
        return new ShareProbe(calls);
    }

    @Provides
    @Singleton
    DeleteJournal deleteJournal(Provider<ObjectMapper> mapper, ShareCalls calls) {
        return new DeleteJournal(mapper::get, calls);
    }

    @Provides
    @Singleton
    CloneJournal cloneJournal(Provider<ObjectMapper> mapper, ShareCalls calls) {
        return new CloneJournal(mapper::get, calls);
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
    VolumeLocks volumeLocks(CoreOptions options, OperationGuard guard, Provider<ObjectMapper> mapper) {
        // a backend's own lock_path wins; then the host's service; with neither (a driver built
        // by hand, outside the registry), file locks in the default directory: never in-process
        // locks unless they were chosen
        if (options.lockPath().isPresent()) {
            Path directory = LockDirectory.prepareChosen(options.lockPath().get(),
                    "backend '" + settings.backendName() + "', lock_path");
            return new VolumeLocks(fileLocks(directory, mapper), true, identity, options.lockTimeout(), guard);
        }
        if (context.lockService().isPresent()) {
            return new VolumeLocks(context.lockService().get(), false, identity, options.lockTimeout(), guard);
        }
        Path directory = LockDirectory.preparePrivate(LockDirectory.defaultDirectory(),
                FileLockServiceProvider.SECTION + "." + FileLockServiceProvider.BACKEND_URL);
        return new VolumeLocks(fileLocks(directory, mapper), true, identity, options.lockTimeout(), guard);
    }

    private FileLockService fileLocks(Path directory, Provider<ObjectMapper> mapper) {
        return new FileLockService(directory, context.stopSignal(),
                (java.util.function.Supplier<ObjectMapper>) mapper::get, HostIdentity.current(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    StatsReporter statsReporter(CoreOptions options, CapacityCache capacities, AllocationTracker allocation,
                                ShareProtocol protocol, Pools pools, CapacityLimits limits, Shares shares,
                                ShareCalls calls, MonotonicClock clock,
                                @Named(STATS_READ_AHEAD) java.util.concurrent.Executor readAhead) {
        return new StatsReporter(identity, options, capacities, allocation, protocol.driverVolumeType(), pools, limits,
                new RecentShares(shares, calls, clock, options.statsMaxAge(), java.util.Optional.of(readAhead)));
    }

    @Provides
    @Singleton
    VolumeDriver volumeDriver(CoreOptions options, Shares shares, ShareProtocol protocol, ShareSelector selector,
                              VolumeFiles files, NasSecurity nasSecurity, StatsReporter stats, VolumeInventory inventory,
                              VolumeLocks locks, AllocationTracker allocation,
                              InfoFile infoFile, CommandRunner runner, SnapshotChains chains, ImageCopies copies,
                              OperationGate gate, Leftovers leftovers, VolumeNaming naming,
                              ImageHeaderReader headers, VirtualSizes sizes, ChainWalker walker,
                              Qcow2Occupancy occupancy, DeleteJournal journal, CloneJournal cloneJournal,
                              FileOperations fileOperations, OperationGuard guard, OperationProgress progress) {
        InfoRebuild rebuild = new InfoRebuild(walker, headers, new BackingFileCheck());
        // the layout check is made here, not bound: a vendor's overrides cannot swap it out
        BackendSetup setup = new BackendSetup(options, shares, nasSecurity, inventory, gate,
                new LayoutCheck(identity, settings, naming, fileLayout), copies, stats, runner);
        return new RemoteFsVolumeDriver(identity, setup,
                new VolumeLifecycle(shares, selector, files, inventory, allocation, infoFile, leftovers, naming,
                        journal),
                new ConnectionInfoBuilder(chains, shares, protocol, identity.capabilities()), shares, stats, inventory,
                locks, allocation,
                chains, copies, context.imageService(), gate, leftovers,
                new ManagedVolumes(shares, naming, headers, sizes, files, allocation),
                new VolumeChecks(shares, locks, new VolumeInspector(infoFile, walker, naming, headers, occupancy, journal,
                        cloneJournal, rebuild),
                        new VolumeRepairs(chains, leftovers, infoFile, new InfoWriter(infoFile, files, guard),
                                fileOperations, new Quarantine(Clock.systemUTC()), naming, headers, rebuild,
                                journal), fileOperations.calls()),
                new ForcedDelete(shares, locks, fileOperations, allocation), progress);
    }
}
