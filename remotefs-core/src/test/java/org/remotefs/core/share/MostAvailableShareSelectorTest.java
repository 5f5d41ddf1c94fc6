package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.ShareCapacity;

/** Cinder's GlusterFS rule, with a stand-in for statvfs (the real one is proven on GlusterFS volumes). */
final class MostAvailableShareSelectorTest {
    private static final long GIB = 1L << 30;

    private static MountedShare share(String name) {
        return new MountedShare(new Share("host:/" + name, null, "test"), Path.of("/mnt", name));
    }

    private static MostAvailableShareSelector selector(Map<String, Long> available) {
        return new MostAvailableShareSelector(mountPoint -> new ShareCapacity(100 * GIB,
                available.get(mountPoint.getFileName().toString())));
    }

    private static Volume volume(int size) {
        return Volume.create("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", size);
    }

    @Test
    void choosesTheShareWithTheMostAvailableSpaceTheFirstOfEquals() {
        List<MountedShare> shares = List.of(share("a"), share("b"), share("c"));

        assertThat(selector(Map.of("a", 3 * GIB, "b", 9 * GIB, "c", 4 * GIB)).select(volume(1), shares).address())
                .isEqualTo("host:/b");
        assertThat(selector(Map.of("a", 9 * GIB, "b", 9 * GIB, "c", 4 * GIB)).select(volume(1), shares).address())
                .isEqualTo("host:/a");
    }

    @Test
    void aVolumeOfExactlyTheMostAvailableSpaceFitsAndALargerOneFitsNowhere() {
        MostAvailableShareSelector selector = selector(Map.of("a", 2 * GIB, "b", GIB));
        List<MountedShare> shares = List.of(share("a"), share("b"));

        assertThat(selector.select(volume(2), shares).address()).isEqualTo("host:/a");
        assertThatThrownBy(() -> selector.select(volume(3), shares)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
            assertThat(e.details()).containsEntry("size", "3");
        });
    }

    @Test
    void noMountedShareIsNoSharesMounted() {
        assertThatThrownBy(() -> selector(Map.of()).select(volume(1), List.of()))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SHARES_MOUNTED));
    }

    @Test
    void anExtendNeedsItsGrowthAvailable() {
        MostAvailableShareSelector selector = selector(Map.of("a", 2 * GIB));

        assertThat(selector.hasRoom(share("a"), 2)).isTrue();
        assertThat(selector.hasRoom(share("a"), 3)).isFalse();
    }
}
