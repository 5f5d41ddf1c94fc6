package org.remotefs.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.localfs.LocalFsDriverProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.ConfigUtil;

/** localfs drivers on a share directory whose volume locks are a given lock service, as a host hands it. */
final class LocalFsDrivers {
    private LocalFsDrivers() {
    }

    /** A driver taking its locks from {@code locks}, waiting at most {@code lockTimeoutSeconds}. */
    static VolumeDriver driver(Path share, VolumeLockService locks, int lockTimeoutSeconds) {
        return driver(share, locks, lockTimeoutSeconds, Function.identity());
    }

    /**
     * As above, its commands run by {@code wrap} around the driver's own guarded runner (which asks
     * the leases before every command).
     */
    static VolumeDriver driver(Path share, VolumeLockService locks, int lockTimeoutSeconds,
                               Function<CommandRunner, CommandRunner> wrap) {
        VolumeDriverProvider provider = new LocalFsDriverProvider().withReplacements(new AbstractModule() {
            @Provides
            @Singleton
            CommandRunner runner(OperationGuard guard) {
                return wrap.apply(new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(5), guard));
            }
        });
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + ", lock_timeout = " + lockTimeoutSeconds + " }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", LocalFsDrivers.class.getClassLoader());
        BackendSettings settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"),
                provider.options());
        return provider.create(DriverContext.of(settings).withLockService(locks));
    }

    /** Creates a raw volume of 1 GiB and returns it as the driver sees it afterwards. */
    static Volume createVolume(VolumeDriver driver, String id) {
        Volume volume = Volume.create(id, 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    /** Every file under a directory with its size and content digest, for "nothing changed" checks. */
    static Map<String, String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(), p -> {
                try {
                    return Files.size(p) + " bytes, " + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
    }
}
