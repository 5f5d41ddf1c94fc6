package org.remotefs.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.lock.FileLockService;
import org.remotefs.core.lock.InProcessLockService;

import com.typesafe.config.ConfigFactory;

/** Host services chosen by configuration, made once, closed by the host. */
final class HostServicesTest {
    private static final HostServiceCatalog CATALOG = HostServiceCatalog.discover(HostServicesTest.class.getClassLoader());

    @TempDir
    Path dir;

    private HostServices services(String hocon) {
        return new HostServices(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve(),
                CATALOG, new StopFlag());
    }

    @Test
    void aFileUrlGivesFileLocksInThatDirectoryMadeOnce() {
        try (HostServices host = services("remotefs.coordination.backend_url = \"file://" + dir.resolve("locks") + "\"")) {
            VolumeLockService locks = host.locks();
            assertThat(locks).isInstanceOf(FileLockService.class);
            assertThat(((FileLockService) locks).directory()).isEqualTo(dir.resolve("locks"));
            assertThat(host.locks()).isSameAs(locks);
            try (VolumeLockService.Lease lease = locks.acquire("cinder-localfs-x", "test", Duration.ZERO)) {
                assertThat(dir.resolve("locks/cinder-localfs-x")).exists();
            }
        }
    }

    @Test
    void inProcessLocksOnlyWhenChosen() {
        try (HostServices host = services("remotefs.coordination.backend_url = \"inprocess://\"")) {
            assertThat(host.locks()).isInstanceOf(InProcessLockService.class);
        }
    }

    @Test
    void anUnknownSchemeOrABadFileUrlNamesTheOption() {
        try (HostServices host = services("remotefs.coordination.backend_url = \"zookeeper://127.0.0.1:2181\"")) {
            assertThatThrownBy(host::locks).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                assertThat(e.getMessage()).contains("remotefs.coordination.backend_url");
            });
        }
        try (HostServices host = services("remotefs.coordination.backend_url = \"file://relative/dir\"")) {
            assertThatThrownBy(host::locks).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                assertThat(e.details()).containsEntry("option", "remotefs.coordination.backend_url");
            });
        }
    }

    @Test
    void noImageServiceOrComputeWhenNoneAndTheNovaEndpointIsClosedWithTheHost() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (HostServices host = services("remotefs.image_service.type = none")) {
            assertThat(host.imageService()).isEmpty();
            assertThat(host.computeAssist()).isEmpty();
        }
        HostServices host = services("remotefs.compute { type = nova, nova_endpoint = \"http://127.0.0.1:1/v2.1\","
                + " status_listen_port = " + port + " }");
        assertThat(host.computeAssist()).isPresent();
        assertThat(host.computeAssist()).isSameAs(host.computeAssist());
        host.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(again.isBound()).as("the status endpoint's port is free once the host is closed").isTrue();
        }
        assertThatThrownBy(host::locks).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStopRunsRegisteredActionsOnceAndLateOnesAtOnce() {
        StopFlag stop = new StopFlag();
        int[] ran = new int[2];
        StopFlag.Registration removed = stop.whenStopped(() -> ran[1]++);
        stop.whenStopped(() -> ran[0]++);
        removed.close();
        stop.request("SIGINT");
        stop.request("SIGTERM");
        assertThat(ran).containsExactly(1, 0);
        assertThat(stop.reason()).contains("SIGINT");
        stop.whenStopped(() -> ran[1]++);
        assertThat(ran[1]).isEqualTo(1);
    }
}
