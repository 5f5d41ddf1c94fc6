package org.remotefs.core.localfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.image.LocalImageService;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

import com.typesafe.config.ConfigUtil;

/** localfs drivers whose command runner is a {@link FaultInjectingRunner}, through the provider's replacements. */
final class FaultyLocalFsProvider {
    private final FaultInjectingRunner runner =
            new FaultInjectingRunner(new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(5)));
    private final VolumeDriverProvider provider =
            new LocalFsDriverProvider().withReplacements(binder -> binder.bind(CommandRunner.class).toInstance(runner));

    FaultInjectingRunner runner() {
        return runner;
    }

    /** A driver on one share directory. */
    VolumeDriver driver(Path share) {
        return driver(share, "");
    }

    /** A driver on one share directory with more options ({@code key = value, ...}). */
    VolumeDriver driver(Path share, String options) {
        return provider.create(DriverContext.of(settings(share, options)));
    }

    /** A driver on one share directory whose image service is the local directory {@code images}. */
    VolumeDriver driverWithImages(Path share, Path images, String options) {
        return provider.create(DriverContext.of(settings(share, options))
                .withImageService(new LocalImageService(images, Json.mapper(), new ImageHeaderReader())));
    }

    private BackendSettings settings(Path share, String options) {
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + (options.isEmpty() ? "" : ", " + options) + " }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"),
                provider.options());
        return settings;
    }
}
