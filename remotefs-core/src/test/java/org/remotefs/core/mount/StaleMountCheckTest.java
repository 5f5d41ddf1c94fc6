package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What counts as stale. A real stale mount (a GlusterFS FUSE client killed) is proven in
 * remotefs-glusterfs's tests; here, the error texts and a live directory.
 */
final class StaleMountCheckTest {

    @TempDir
    Path dir;

    @Test
    void enotconnAndEstaleAreStale() {
        assertThat(StaleMountCheck.isStale("Transport endpoint is not connected")).isTrue();
        assertThat(StaleMountCheck.isStale("Stale file handle")).isTrue();
        assertThat(StaleMountCheck.isStale("Stale NFS file handle")).isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        assertThat(StaleMountCheck.isStale("No such file or directory")).isFalse();
        assertThat(StaleMountCheck.isStale("Permission denied")).isFalse();
        assertThat(StaleMountCheck.isStale(null)).isFalse();
    }

    @Test
    void aLiveDirectoryAndAMissingOneAreNotStale() {
        StaleMountCheck check = new StaleMountCheck();

        assertThat(check.staleReason(dir)).isEmpty();
        assertThat(check.staleReason(dir.resolve("missing"))).isEmpty();
    }
}
