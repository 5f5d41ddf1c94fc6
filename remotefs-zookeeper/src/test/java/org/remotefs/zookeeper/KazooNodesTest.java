package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

final class KazooNodesTest {
    private static final String A = "0123456789abcdef0123456789abcdef__lock__0000000007";
    private static final String B = "fedcba9876543210fedcba9876543210__lock__0000000003";
    private static final String C = "00000000000000000000000000000000__lock__0000000012";
    /** Curator's InterProcessMutex names: no contender for kazoo, none here. */
    private static final String CURATOR = "_c_9b7c6d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e-lock-0000000001";

    @Test
    void aPrefixIsAUuidsHexThenKazoosNodeName() {
        KazooNodes nodes = new KazooNodes(() -> UUID.fromString("9b7c6d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"));

        assertThat(nodes.newPrefix()).isEqualTo("9b7c6d0e1f2a4b3c8d4e5f6a7b8c9d0e__lock__");
    }

    @Test
    void contendersAreOrderedBySequenceAndForeignNodesAreNoContenders() {
        assertThat(KazooNodes.contenders(List.of(A, CURATOR, C, B, "leader", "x__lock__123"))).containsExactly(B, A, C);
    }

    @Test
    void theFirstContenderHoldsAndEveryOtherWatchesTheOneBeforeIt() {
        List<String> children = List.of(C, A, B, CURATOR);

        assertThat(KazooNodes.predecessor(children, B)).isEmpty();
        assertThat(KazooNodes.predecessor(children, A)).contains(B);
        assertThat(KazooNodes.predecessor(children, C)).contains(A);
    }

    @Test
    void aContenderWhoseNodeIsGoneMustStartOver() {
        assertThatThrownBy(() -> KazooNodes.predecessor(List.of(A, B), C)).isInstanceOf(KazooNodes.NodeGoneException.class);
    }

    @Test
    void aContendersNodeIsFoundAgainByItsPrefix() {
        assertThat(KazooNodes.find(List.of(A, B), "fedcba9876543210fedcba9876543210__lock__")).contains(B);
        assertThat(KazooNodes.find(List.of(A, B), "11111111111111111111111111111111__lock__")).isEmpty();
    }
}
