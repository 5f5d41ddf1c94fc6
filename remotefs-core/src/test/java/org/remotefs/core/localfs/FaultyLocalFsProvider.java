package org.remotefs.core.localfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;

import com.google.inject.Module;
import com.typesafe.config.ConfigUtil;

/** localfs with its command runner replaced by a {@link FaultInjectingRunner}, through the vendor override hook. */
final class FaultyLocalFsProvider extends RemoteFsDriverProvider {
    private final FaultInjectingRunner runner =
            new FaultInjectingRunner(new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(5)));
    private final LocalFsDriverProvider localfs = new LocalFsDriverProvider();

    FaultInjectingRunner runner() {
        return runner;
    }

    /** A driver on one share directory. */
    VolumeDriver driver(Path share) {
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + " }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"), options());
        return create(DriverContext.of(settings));
    }

    @Override
    public String id() {
        return "localfs";
    }

    @Override
    public String version() {
        return localfs.version();
    }

    @Override
    public Set<Capability> capabilities() {
        return localfs.capabilities();
    }

    @Override
    protected String prefix() {
        return "localfs";
    }

    @Override
    protected String defaultBackendName() {
        return "Faulty";
    }

    @Override
    protected Module protocolModule(BackendSettings settings) {
        return bindProtocol(new LocalFsProtocol());
    }

    @Override
    protected Module overrides() {
        return binder -> binder.bind(CommandRunner.class).toInstance(runner);
    }
}
