package org.remotefs.core.snapshot;

import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.volume.FileSecurity;

/**
 * Cinder's {@code RemoteFSSnapDriverBase}, as the driver sees it: qcow2 snapshot chains recorded in
 * the info file and what is built on them. Each job has its class — reading and checking a chain
 * ({@link ChainReader}), snapshots ({@link Snapshots}, attached volumes through
 * {@link OnlineSnapshots}), copies and clones ({@link ChainCopies}), extend ({@link ChainResize}),
 * revert ({@link ChainRevert}) — and this class only hands each operation to its job. The caller
 * (the driver) checks capabilities and holds the volume locks; every job walks and checks the
 * chain before its first write.
 */
public final class SnapshotChains {
    private final ChainReader reader;
    private final Snapshots snapshots;
    private final ChainCopies copies;
    private final ChainResize resize;
    private final ChainRevert revert;
    private final InterruptedDeletes interrupted;
    private final InterruptedClones interruptedClones;

    public SnapshotChains(ChainReader reader, Snapshots snapshots, ChainCopies copies, ChainResize resize,
                          ChainRevert revert, InterruptedDeletes interrupted, InterruptedClones interruptedClones) {
        this.interruptedClones = interruptedClones;
        this.interrupted = interrupted;
        this.reader = reader;
        this.snapshots = snapshots;
        this.copies = copies;
        this.resize = resize;
        this.revert = revert;
    }

    /** See {@link ChainReader#state}. */
    public ChainState state(Volume volume) {
        return reader.state(volume);
    }

    /** See {@link Snapshots#createSnapshot}. */
    public ModelUpdate createSnapshot(Snapshot snapshot, FileSecurity security) {
        return snapshots.createSnapshot(snapshot, security);
    }

    /** See {@link Snapshots#deleteSnapshot}. */
    public ModelUpdate deleteSnapshot(Snapshot snapshot, FileSecurity security) {
        return snapshots.deleteSnapshot(snapshot, security);
    }

    /** See {@link ChainRevert#revert}. */
    public void revert(Volume volume, Snapshot snapshot, FileSecurity security) {
        revert.revert(volume, snapshot, security);
    }

    /** See {@link ChainCopies#copyFromSnapshot}. */
    public ModelUpdate copyFromSnapshot(Snapshot snapshot, Volume target, MountedShare targetShare,
                                        FileSecurity security) {
        return copies.copyFromSnapshot(snapshot, target, targetShare, security);
    }

    /** See {@link ChainCopies#cloneVolume}. */
    public ModelUpdate cloneVolume(Volume target, Volume source, FileSecurity security) {
        return copies.cloneVolume(target, source, security);
    }

    /** See {@link ChainResize#extend}. */
    public void extend(Volume volume, int newSizeGib, FileSecurity security) {
        resize.extend(volume, newSizeGib, security);
    }

    /** See {@link InterruptedDeletes#resume}. */
    public java.util.Optional<DeleteJournal.Match> resumeInterrupted(Volume volume, java.nio.file.Path directory,
                                                                     org.remotefs.core.layout.VolumeNames names,
                                                                     FileSecurity security) {
        return interrupted.resume(volume, directory, names, security);
    }

    /** See {@link InterruptedClones#resume}. */
    public java.util.Optional<CloneJournal.Match> rollBackInterruptedClone(Volume source, java.nio.file.Path directory,
                                                                          org.remotefs.core.layout.VolumeNames names,
                                                                          FileSecurity security) {
        return interruptedClones.resume(source, directory, names, security);
    }
}
