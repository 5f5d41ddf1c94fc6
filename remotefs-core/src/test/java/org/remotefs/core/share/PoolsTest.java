package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.localfs.LocalFsProtocol;

/** Pool names of shares: the protocol's default, configured mappings, duplicates refused. */
final class PoolsTest {
    private static final MountedShare GOLD = new MountedShare(new Share("/srv/gold", null, "f:1"), Path.of("/srv/gold"));
    private static final MountedShare SILVER = new MountedShare(new Share("/srv/silver", null, "f:2"),
            Path.of("/srv/silver"));

    private static Pools pools(Map<String, String> mappings) {
        return new Pools(new PoolLayout(true, mappings, "localfs_pool_mappings"), new LocalFsProtocol());
    }

    @Test
    void anUnmappedShareTakesItsProtocolsDefaultAndAMappedOneItsName() {
        assertThat(pools(Map.of("/srv/silver", "cheap")).names(List.of(GOLD, SILVER)))
                .containsExactly(Map.entry(GOLD, "/srv/gold"), Map.entry(SILVER, "cheap"));
    }

    @Test
    void twoSharesWithOneNameAreRefusedNamingBoth() {
        assertThatThrownBy(() -> pools(Map.of("/srv/gold", "p", "/srv/silver", "p")).names(List.of(GOLD, SILVER)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("pool", "p").containsEntry("shares", "/srv/gold,/srv/silver");
                });
    }

    @Test
    void aVolumesPoolNamesItsShareAndAnUnknownPoolIsInvalidInput() {
        Pools pools = pools(Map.of("/srv/silver", "cheap"));
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

        assertThat(pools.shareOf(volume.withHost("h@b#cheap"), List.of(GOLD, SILVER))).isEqualTo(SILVER);
        assertThatThrownBy(() -> pools.shareOf(volume.withHost("h@b#dear"), List.of(GOLD, SILVER)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("pool", "dear").containsEntry("pools", "/srv/gold,cheap");
                });
    }

    @Test
    void mappingsAreCindersDictSpellingSplitAtTheLastColon() {
        assertThat(PoolLayout.parseMappings(" //host/share:gold , 10.0.0.1:/export:silver", "opt"))
                .containsExactly(Map.entry("//host/share", "gold"), Map.entry("10.0.0.1:/export", "silver"));
        assertThat(PoolLayout.parseMappings("", "opt")).isEmpty();
        for (String bad : List.of("nopool", "/srv/x:", ":pool", "/a:p,/a:q")) {
            assertThatThrownBy(() -> PoolLayout.parseMappings(bad, "localfs_pool_mappings"))
                    .as(bad).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(e.details()).containsEntry("option", "localfs_pool_mappings");
                    });
        }
    }
}
