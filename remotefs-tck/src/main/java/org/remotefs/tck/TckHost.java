package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.time.Clock;

import org.remotefs.api.spi.StopSignal;
import org.remotefs.core.image.LocalImageService;
import org.remotefs.core.lock.FileLockService;
import org.remotefs.core.lock.HostIdentity;
import org.remotefs.core.lock.LockDirectory;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

/**
 * What the TCK plays of the cloud around one test's backends: an image service on a directory of
 * the test's scratch space, the hypervisor's part in online snapshots, which finds volumes on
 * the shares of every backend the test opened, and the host's volume locks (file locks in the
 * scratch space, recorded).
 */
final class TckHost {
    private final Path imageDirectory;
    private final List<TckBackend> opened = new CopyOnWriteArrayList<>();
    private final HypervisorStandIn hypervisor = new HypervisorStandIn(
            () -> opened.stream().flatMap(backend -> backend.shareDirectories().stream()).toList());
    private final TckServices services;

    TckHost(Path scratch) {
        imageDirectory = scratch.resolve("images");
        RecordingLockService locks = new RecordingLockService(new FileLockService(
                LockDirectory.prepareChosen(scratch.resolve("locks"), "the TCK's lock directory"), StopSignal.never(),
                Json.mapper(), HostIdentity.current(), Clock.systemUTC()));
        services = new TckServices(new LocalImageService(imageDirectory, Json.mapper(), new ImageHeaderReader()),
                hypervisor, locks);
    }

    TckServices services() {
        return services;
    }

    /** Where the image service keeps images: the file {@code <id>} beside {@code <id>.meta.json}. */
    Path imageDirectory() {
        return imageDirectory;
    }

    HypervisorStandIn hypervisor() {
        return hypervisor;
    }

    /** A backend the test opened: the hypervisor looks for volumes on its shares too. */
    TckBackend opened(TckBackend backend) {
        opened.add(backend);
        return backend;
    }
}
