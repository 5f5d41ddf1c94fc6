package org.remotefs.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.VolumeStats;

/**
 * The real localfs, correct, on a file system that another writer changes at the worst moments for
 * a capacity check: right after each stats report the neighbour allocates or deletes 1 GiB of its
 * own beside the shares (on their file system, outside them), so free space read at any other
 * moment, before or after, differs from the report by 1 GiB. A contract that fails here fails a
 * correct backend because of someone else.
 */
public final class NoisyNeighbourBinding implements TckBinding {
    private final LocalFsTckBinding localfs = new LocalFsTckBinding();

    @Override
    public String backendId() {
        return "noisy-neighbour";
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        SimpleTckBackend backend = SimpleTckBackend.of(localfs.open(scratch, provisioning, services));
        Neighbour neighbour = new Neighbour(scratch.resolve("neighbour"));
        // it starts out holding its gibibyte, so the first report is followed by a rise in free space
        neighbour.toggle();
        VolumeDriver noisy = new ForwardingVolumeDriver(backend.driver()) {
            @Override
            public VolumeStats getVolumeStats(boolean refresh) {
                VolumeStats stats = delegate.getVolumeStats(refresh);
                neighbour.toggle();
                return stats;
            }
        };
        return backend.withDriver(noisy).withClose(neighbour::close);
    }

    /** One file of 1 GiB, allocated (not sparse) when present. */
    static final class Neighbour implements AutoCloseable {
        private final Path file;

        Neighbour(Path file) {
            this.file = file;
        }

        Path file() {
            return file;
        }

        /** Allocates the file when it is absent, deletes it when present. */
        void toggle() {
            try {
                if (!Files.deleteIfExists(file)) {
                    // fallocate through qemu-img: the blocks are taken at once, without writing them
                    QemuTools.run("qemu-img", "create", "-q", "-f", "raw", "-o", "preallocation=falloc",
                            file.toString(), "1G");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }
}
