package org.remotefs.tck;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.model.VolumeStatus;

/** A driver that hands every call to another: broken backends override what they break. */
class ForwardingVolumeDriver implements VolumeDriver {
    protected final VolumeDriver delegate;

    ForwardingVolumeDriver(VolumeDriver delegate) {
        this.delegate = delegate;
    }

    @Override
    public String driverId() {
        return delegate.driverId();
    }

    @Override
    public void doSetup() {
        delegate.doSetup();
    }

    @Override
    public void checkForSetupError() {
        delegate.checkForSetupError();
    }

    @Override
    public ModelUpdate createVolume(Volume volume) {
        return delegate.createVolume(volume);
    }

    @Override
    public void deleteVolume(Volume volume) {
        delegate.deleteVolume(volume);
    }

    @Override
    public void extendVolume(Volume volume, int newSizeGib) {
        delegate.extendVolume(volume, newSizeGib);
    }

    @Override
    public ModelUpdate createSnapshot(Snapshot snapshot) {
        return delegate.createSnapshot(snapshot);
    }

    @Override
    public void deleteSnapshot(Snapshot snapshot) {
        delegate.deleteSnapshot(snapshot);
    }

    @Override
    public ModelUpdate createVolumeFromSnapshot(Volume volume, Snapshot snapshot) {
        return delegate.createVolumeFromSnapshot(volume, snapshot);
    }

    @Override
    public ModelUpdate createClonedVolume(Volume volume, Volume source) {
        return delegate.createClonedVolume(volume, source);
    }

    @Override
    public void revertToSnapshot(Volume volume, Snapshot snapshot) {
        delegate.revertToSnapshot(volume, snapshot);
    }

    @Override
    public ConnectionInfo initializeConnection(Volume volume, Connector connector) {
        return delegate.initializeConnection(volume, connector);
    }

    @Override
    public void terminateConnection(Volume volume, Connector connector) {
        delegate.terminateConnection(volume, connector);
    }

    @Override
    public void ensureExport(Volume volume) {
        delegate.ensureExport(volume);
    }

    @Override
    public ModelUpdate createExport(Volume volume, Connector connector) {
        return delegate.createExport(volume, connector);
    }

    @Override
    public void removeExport(Volume volume) {
        delegate.removeExport(volume);
    }

    @Override
    public void copyImageToVolume(Volume volume, ImageRef image) {
        delegate.copyImageToVolume(volume, image);
    }

    @Override
    public void copyVolumeToImage(Volume volume, ImageRef image) {
        delegate.copyVolumeToImage(volume, image);
    }

    @Override
    public VolumeStats getVolumeStats(boolean refresh) {
        return delegate.getVolumeStats(refresh);
    }

    @Override
    public ModelUpdate manageExisting(Volume volume, Map<String, String> existingRef) {
        return delegate.manageExisting(volume, existingRef);
    }

    @Override
    public ModelUpdate updateMigratedVolume(Volume volume, Volume newVolume, VolumeStatus originalStatus) {
        return delegate.updateMigratedVolume(volume, newVolume, originalStatus);
    }

    @Override
    public List<ShareState> shares() {
        return delegate.shares();
    }

    @Override
    public List<StoredVolume> listVolumes() {
        return delegate.listVolumes();
    }

    @Override
    public Optional<StoredVolume> findVolume(String volumeId) {
        return delegate.findVolume(volumeId);
    }
}
