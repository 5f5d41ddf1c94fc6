package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.core.json.Json;

/** Deliberately broken backends, each caught by the contract meant to catch it. */
final class BrokenBackends {
    private BrokenBackends() {
    }

    /** localfs with its driver wrapped and, optionally, its declared capabilities changed. */
    abstract static class Broken implements TckBinding {
        private final LocalFsTckBinding localfs = new LocalFsTckBinding();

        abstract VolumeDriver wrap(VolumeDriver driver, Path share);

        Set<Capability> declared(Set<Capability> actual) {
            return actual;
        }

        /** The host services the driver gets: the TCK's, unless a broken backend swaps some. */
        TckServices services(TckServices given) {
            return given;
        }

        @Override
        public String backendId() {
            return "broken-" + getClass().getSimpleName().toLowerCase();
        }

        @Override
        public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
            SimpleTckBackend backend = SimpleTckBackend.of(localfs.open(scratch, provisioning, services(services)));
            return backend.withDriver(wrap(backend.driver(), backend.shareDirectories().get(0)))
                    .withCapabilities(declared(backend.capabilities()));
        }
    }

    static VolumeDriver afterSnapshot(VolumeDriver driver, UnaryOperator<Snapshot> then) {
        return new ForwardingVolumeDriver(driver) {
            @Override
            public ModelUpdate createSnapshot(Snapshot snapshot) {
                ModelUpdate update = delegate.createSnapshot(snapshot);
                then.apply(snapshot);
                return update;
            }
        };
    }

    /** Rewrites every new overlay's backing pointer as an absolute path. */
    public static final class AbsoluteBacking extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return afterSnapshot(driver, snapshot -> {
                Path overlay = share.resolve(snapshot.volume().name() + "." + snapshot.id());
                String backing = QemuTools.info(overlay).get("backing-filename").asText();
                String format = QemuTools.info(overlay).get("backing-filename-format").asText();
                QemuTools.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", share.resolve(backing).toString(), "-F",
                        format, overlay.toString());
                return snapshot;
            });
        }
    }

    /** An extend that does nothing. */
    public static final class NoOpExtend extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public void extendVolume(Volume volume, int newSizeGib) {
                    // broken on purpose
                }
            };
        }
    }

    /** Declares snapshots but leaves an info file in another JSON layout than Cinder's. */
    public static final class BadInfoFile extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return afterSnapshot(driver, snapshot -> {
                Path info = share.resolve(snapshot.volume().name() + ".info");
                try {
                    Map<?, ?> entries = Json.mapper().readValue(info.toFile(), Map.class);
                    Files.writeString(info, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(entries));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return snapshot;
            });
        }
    }

    /** localfs as it is, declaring one capability less than it has. */
    abstract static class Undeclaring extends Broken {
        private final Capability undeclared;

        Undeclaring(Capability undeclared) {
            this.undeclared = undeclared;
        }

        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return driver;
        }

        @Override
        Set<Capability> declared(Set<Capability> actual) {
            Set<Capability> declared = EnumSet.copyOf(actual);
            declared.remove(undeclared);
            return declared;
        }
    }

    /** Does not declare clones, and clones all the same. */
    public static final class AcceptsUndeclared extends Undeclaring {
        public AcceptsUndeclared() {
            super(Capability.CLONE);
        }
    }

    /** Does not declare qcow2 volume files, and makes them all the same when its options ask for them. */
    public static final class UndeclaredQcow2 extends Undeclaring {
        public UndeclaredQcow2() {
            super(Capability.QCOW2);
        }
    }

    /** Writes images into volumes whatever their size: a larger image is cut short instead of refused. */
    public static final class AcceptsAnyImage extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public void copyImageToVolume(Volume volume, org.remotefs.api.model.ImageRef image) {
                    // broken on purpose: no check of the image, the volume file is simply rewritten
                    QemuTools.run("qemu-img", "create", "-q", "-f", "raw", share.resolve(volume.name()).toString(),
                            volume.size() + "G");
                }
            };
        }
    }

    /**
     * Declares thick provisioning and says so in its stats, but gives back the blocks of every new
     * raw volume file: the file keeps its length and is sparse.
     */
    public static final class SparseThick extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public ModelUpdate createVolume(Volume volume) {
                    ModelUpdate update = delegate.createVolume(volume);
                    if ("raw".equals(update.adminMetadata().get("format"))) {
                        Path file = Path.of(delegate.findVolume(volume.id()).orElseThrow().path());
                        // broken on purpose: cut to nothing and stretched back, the file holds no block
                        try (java.io.RandomAccessFile raw = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                            long length = raw.length();
                            raw.setLength(0);
                            raw.setLength(length);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return update;
                }
            };
        }
    }

    /** Declares online snapshots, but deletes an attached volume's snapshot as if the guest were not running. */
    public static final class OfflineDeleteWhileAttached extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public void deleteSnapshot(Snapshot snapshot) {
                    Volume detached = snapshot.volume().withStatus(org.remotefs.api.model.VolumeStatus.AVAILABLE)
                            .withAttachStatus(org.remotefs.api.model.AttachStatus.DETACHED);
                    delegate.deleteSnapshot(new Snapshot(snapshot.id(), detached, snapshot.status(),
                            snapshot.progress(), snapshot.displayName()));
                }
            };
        }
    }

    /** Ignores the host's lock service and locks in-process only, on locks of its own. */
    public static final class OwnLocks extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return driver;
        }

        @Override
        TckServices services(TckServices given) {
            return new TckServices(given.images(), given.compute(), new RecordingLockService(
                    new org.remotefs.core.lock.InProcessLockService(org.remotefs.api.spi.StopSignal.never())));
        }
    }

    /** The format a volume asks for by its {@code volume_format} extra spec, or null. */
    private static String askedFormat(Volume volume) {
        return volume.typeExtraSpecs().get(Tck.VOLUME_FORMAT);
    }

    /**
     * Takes snapshots of vhd and vhdx volumes, which Cinder refuses: a qcow2 overlay on the vhd file,
     * {@code volume-<id>.<snapshot id>.vhd}, recorded in the info file as any snapshot is.
     */
    public static final class SnapshotsOfVhd extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public ModelUpdate createSnapshot(Snapshot snapshot) {
                    Volume volume = snapshot.volume();
                    org.remotefs.api.model.StoredVolume stored = delegate.findVolume(volume.id()).orElseThrow();
                    if (!stored.baseFile().endsWith(".vhd") && !stored.baseFile().endsWith(".vhdx")) {
                        return delegate.createSnapshot(snapshot);
                    }
                    // broken on purpose: the overlay is written and recorded
                    String extension = stored.baseFile().substring(volume.name().length());
                    String overlay = volume.name() + "." + snapshot.id() + extension;
                    QemuTools.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", stored.baseFile(), "-F",
                            QemuTools.qemuFormat(stored.format()), share.resolve(overlay).toString());
                    try {
                        Files.writeString(share.resolve(stored.baseFile() + ".info"), CinderJson.infoFile(
                                Map.of("active", overlay, snapshot.id(), overlay)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return new ModelUpdate(null, Map.of("format", "qcow2"), null);
                }
            };
        }
    }

    /** Names vhd and vhdx files as raw ones, {@code volume-<id>}: their format is lost with their extension. */
    public static final class VhdWithoutExtension extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public ModelUpdate createVolume(Volume volume) {
                    ModelUpdate update = delegate.createVolume(volume);
                    String format = askedFormat(volume);
                    if (format != null && format.startsWith("vhd")) {
                        // broken on purpose: the extension goes
                        try {
                            Files.move(share.resolve(volume.name() + "." + format), share.resolve(volume.name()));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return update;
                }
            };
        }
    }

    /** Reports vhd volumes by qemu's name for their format, {@code vpc}, where Cinder says {@code vhd}. */
    public static final class VhdReportedAsVpc extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return new ForwardingVolumeDriver(driver) {
                @Override
                public java.util.List<org.remotefs.api.model.StoredVolume> listVolumes() {
                    return delegate.listVolumes().stream().map(VhdReportedAsVpc::asVpc).toList();
                }

                @Override
                public java.util.Optional<org.remotefs.api.model.StoredVolume> findVolume(String volumeId) {
                    return delegate.findVolume(volumeId).map(VhdReportedAsVpc::asVpc);
                }
            };
        }

        private static org.remotefs.api.model.StoredVolume asVpc(org.remotefs.api.model.StoredVolume v) {
            // broken on purpose: qemu's name
            return !v.format().equals("vhd") ? v : new org.remotefs.api.model.StoredVolume(v.id(), v.name(),
                    v.baseFile(), v.size(), v.providerLocation(), v.path(), v.activeFile(), "vpc",
                    v.virtualSizeBytes(), v.fileBytes(), v.snapshotIds());
        }
    }

    /** Does not declare vhd volumes, and makes them all the same when a volume asks for one. */
    public static final class UndeclaredVhd extends Undeclaring {
        public UndeclaredVhd() {
            super(Capability.VHD);
        }
    }

    /**
     * localfs with Cinder's NFS names, whose binding says it names every file by its format (as a
     * binding for Cinder's SMB names would): the on-share contract must hold the names to the rule.
     */
    public static final class ClaimsExtensionNames extends Broken {
        @Override
        VolumeDriver wrap(VolumeDriver driver, Path share) {
            return driver;
        }

        @Override
        public boolean namesFilesByFormat() {
            return true;
        }
    }
}
