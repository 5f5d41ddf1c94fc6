package org.remotefs.core.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.image.ImageCopies;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.NasSecurity;
import org.remotefs.core.volume.VolumeFileKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setting a backend up, once: the checks that refuse a configuration before anything is mounted
 * or written (an undeclared layout, missing tools, the conversion directory), the shares mounted,
 * the secure-NAS settings resolved (Cinder's {@code auto} rule), pool names checked. Every
 * operation asks it for the resolved settings, setting the backend up first when it is not yet.
 */
public final class BackendSetup {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSetup.class);

    private final CoreOptions options;
    private final Shares shares;
    private final NasSecurity nasSecurity;
    private final VolumeInventory inventory;
    private final OperationGate gate;
    private final LayoutCheck layouts;
    private final ImageCopies copies;
    private final StatsReporter stats;
    private final CommandRunner runner;
    private final AtomicReference<FileSecurity> security = new AtomicReference<>();

    public BackendSetup(CoreOptions options, Shares shares, NasSecurity nasSecurity, VolumeInventory inventory,
                        OperationGate gate, LayoutCheck layouts, ImageCopies copies, StatsReporter stats,
                        CommandRunner runner) {
        this.options = options;
        this.shares = shares;
        this.nasSecurity = nasSecurity;
        this.inventory = inventory;
        this.gate = gate;
        this.layouts = layouts;
        this.copies = copies;
        this.stats = stats;
        this.runner = runner;
    }

    /** Cinder's {@code do_setup}, with remotefs's checks first; see {@link RemoteFsVolumeDriver#doSetup()}. */
    public synchronized void setUp() {
        // first: a layout the driver does not declare is refused whatever the host and its shares
        layouts.check(volumeFileKind());
        layouts.checkDefaultFormat();
        gate.checkTools();
        // before any share is mounted or written to: a refused configuration changes nothing
        copies.checkConversionDirectory();
        List<MountedShare> mounted = shares.ensureSomeMounted();
        Path first = mounted.get(0).mountPoint();
        boolean newInstall = !inventory.anyVolume(mounted);
        boolean permissions = nasSecurity.resolve("nas_secure_file_permissions", options.nasSecureFilePermissions(),
                first, newInstall);
        boolean operations = nasSecurity.resolve("nas_secure_file_operations", options.nasSecureFileOperations(),
                first, newInstall);
        // two shares with one pool name are refused before anything is placed on either
        stats.checkPools(mounted);
        FileSecurity resolved = new FileSecurity(operations, permissions);
        gate.checkSetup(resolved);
        security.set(resolved);
        LOG.debug("backend set up: {} share(s), secure operations {}, secure permissions {}", mounted.size(),
                operations, permissions);
    }

    /** Cinder's {@code check_for_setup_error}. */
    public void checkForSetupError() {
        // Cinder calls this after do_setup; called alone, it must not pass a refused layout either
        layouts.check(volumeFileKind());
        layouts.checkDefaultFormat();
        String tool = switch (volumeFileKind()) {
            case QCOW2 -> "qemu-img";
            case SPARSE -> "truncate";
            case THICK -> "dd";
        };
        try {
            runner.run(Command.of(tool, "--version"));
        } catch (RemoteFsException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    tool + " is needed to create " + volumeFileKind().name().toLowerCase(java.util.Locale.ROOT)
                            + " volumes and cannot be run: " + e.getMessage(), Map.of("tool", tool), e);
        }
    }

    /** The resolved secure-NAS settings, setting the driver up first if it is not yet. */
    public FileSecurity security() {
        FileSecurity current = security.get();
        if (current == null) {
            setUp();
            current = security.get();
        }
        return current;
    }

    /** The kind of file new volumes get: qcow2 wins over sparse, as in Cinder. */
    public VolumeFileKind volumeFileKind() {
        if (options.qcow2Volumes()) {
            return VolumeFileKind.QCOW2;
        }
        return options.sparsedVolumes() ? VolumeFileKind.SPARSE : VolumeFileKind.THICK;
    }
}
