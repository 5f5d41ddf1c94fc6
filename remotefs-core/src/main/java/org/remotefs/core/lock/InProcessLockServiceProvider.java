package org.remotefs.core.lock;

import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.VolumeLockService;

/**
 * {@code remotefs.coordination.backend_url = "inprocess://"}: locks held in this JVM only, for an
 * application that embeds one driver and is the only writer of its shares. Chosen explicitly,
 * never by default: separate processes are not serialised.
 */
public final class InProcessLockServiceProvider implements HostServiceProvider<VolumeLockService> {

    @Override
    public Class<VolumeLockService> service() {
        return VolumeLockService.class;
    }

    @Override
    public String type() {
        return "inprocess";
    }

    @Override
    public VolumeLockService create(HostServiceSettings settings) {
        return new InProcessLockService(settings.stop());
    }
}
