package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.example.vendor.VendorProvider;

/** --verbose reaches a vendor's backend, which logs under its own package, as it reaches core. */
final class CliLogTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** The test's own logback configuration again, for the tests after this one. */
    @AfterEach
    void restoreLogback() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    /** The class path with a service file naming the vendor's provider, as its jar would have it. */
    private URLClassLoader withVendorBackend() throws Exception {
        Path services = Files.createDirectories(dir.resolve("classes/META-INF/services"));
        Files.writeString(services.resolve(VolumeDriverProvider.class.getName()), VendorProvider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, getClass().getClassLoader());
    }

    private CliLog install(boolean verbose) throws Exception {
        try (URLClassLoader loader = withVendorBackend()) {
            return CliLog.install(new PrintStream(stderr, true, StandardCharsets.UTF_8), OutputFormat.TABLE, verbose,
                    loader);
        }
    }

    @Test
    void verboseLogsTheBackendsOwnPackageDownToDebug() throws Exception {
        install(true);
        Logger vendor = LoggerFactory.getLogger("com.example.vendor.VendorProtocol");

        vendor.debug("mounting share {}", "vendor:/a");

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("debug: mounting share vendor:/a");
        assertThat(LoggerFactory.getLogger("org.remotefs.core.SomePart").isDebugEnabled()).isTrue();
        // libraries stay as quiet as before
        assertThat(LoggerFactory.getLogger("org.apache.zookeeper.ClientCnxn").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.netty.Something").isInfoEnabled()).isFalse();
    }

    @Test
    void withoutVerboseTheBackendLogsItsWarningsOnly() throws Exception {
        install(false);
        Logger vendor = LoggerFactory.getLogger("com.example.vendor.VendorProtocol");

        vendor.debug("mounting share {}", "vendor:/a");
        vendor.warn("share {} is read-only", "vendor:/b");

        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("mounting share")
                .contains("warn: share vendor:/b is read-only");
    }
}
