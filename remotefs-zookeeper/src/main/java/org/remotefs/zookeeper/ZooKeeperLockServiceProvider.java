package org.remotefs.zookeeper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.lock.HostIdentity;

/**
 * {@code remotefs.coordination.backend_url = "zookeeper://..."} (Cinder's {@code [coordination]
 * backend_url}): {@link ZooKeeperLockService} on a Curator client. Making it connects nothing yet:
 * the client connects in the background, and the first lock waits for it at most the URL's
 * {@code timeout} (tooz's start time-out), so commands that take no lock work while ZooKeeper is
 * down, and one that does fails with an error naming the URL.
 */
public final class ZooKeeperLockServiceProvider implements HostServiceProvider<VolumeLockService> {

    @Override
    public Class<VolumeLockService> service() {
        return VolumeLockService.class;
    }

    @Override
    public String type() {
        return ZooKeeperUrl.SCHEME;
    }

    @Override
    public VolumeLockService create(HostServiceSettings settings) {
        ZooKeeperUrl url = ZooKeeperUrl.parse(settings.string("backend_url", "").strip(), settings);
        int timeoutMs = (int) url.sessionTimeout().toMillis();
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(url.connectString())
                .sessionTimeoutMs(timeoutMs)
                .connectionTimeoutMs(timeoutMs)
                // no retries inside Curator: the recipe retries as kazoo does (see KazooLockRecipe)
                .retryPolicy(new RetryNTimes(0, 0))
                // locks need no view of the ensemble's reconfigurations
                .ensembleTracker(false);
        if (url.user().isPresent()) {
            String auth = url.user().get() + ":" + url.password().orElseThrow();
            builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8)).aclProvider(digestAcl(auth, settings));
        }
        CuratorFramework client = builder.build();
        client.start();
        return new ZooKeeperLockService(client, url, MemberId.of(HostIdentity.current()), settings.stop(),
                new KazooNodes(UUID::randomUUID), url.sessionTimeout());
    }

    /** tooz's {@code make_digest_acl(username, password, all=True)} on every node made. */
    private static ACLProvider digestAcl(String auth, HostServiceSettings settings) {
        List<ACL> acl;
        try {
            // a list that may be asked whether it holds null: ZooKeeper's validateACL asks, List.of throws
            acl = Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest(auth))));
        } catch (NoSuchAlgorithmException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, settings.describe("backend_url")
                    + ": ZooKeeper's digest authentication needs SHA-1: " + e, Map.of("option",
                    settings.section() + ".backend_url"), e);
        }
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return acl;
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return acl;
            }
        };
    }

    /** ZooKeeper's digest id, {@code user:base64(sha1(user:password))}, as kazoo's {@code make_digest_acl_credential}. */
    static String digest(String auth) throws NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-1").digest(auth.getBytes(StandardCharsets.UTF_8));
        return auth.substring(0, auth.indexOf(':')) + ":" + Base64.getEncoder().encodeToString(hash);
    }
}
