package org.remotefs.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;

/**
 * Lock services of the tests, each made by the provider from a URL as the host makes it, and a
 * plain Curator client to look at the tree; all closed together.
 */
final class Services implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A service on {@code url}, as {@code remotefs.coordination.backend_url = url} makes it. */
    ZooKeeperLockService open(String url) {
        return open(url, StopSignal.never());
    }

    ZooKeeperLockService open(String url, StopSignal stop) {
        HostServiceSettings settings = new HostServiceSettings("remotefs.coordination", Map.of("backend_url", url),
                Map.of("backend_url", "test"), stop);
        ZooKeeperLockService service = (ZooKeeperLockService) new ZooKeeperLockServiceProvider().create(settings);
        opened.add(service);
        return service;
    }

    /** A client that only looks. */
    CuratorFramework observer(String connectString) throws InterruptedException {
        return observer(CuratorFrameworkFactory.builder().connectString(connectString));
    }

    /** A client that only looks, authenticated as a digest user ({@code user:password}). */
    CuratorFramework observer(String connectString, String auth) throws InterruptedException {
        return observer(CuratorFrameworkFactory.builder().connectString(connectString)
                .authorization("digest", auth.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private CuratorFramework observer(CuratorFrameworkFactory.Builder builder) throws InterruptedException {
        CuratorFramework client = builder.sessionTimeoutMs(10_000).connectionTimeoutMs(10_000)
                .retryPolicy(new RetryOneTime(100)).build();
        client.start();
        client.blockUntilConnected();
        opened.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
