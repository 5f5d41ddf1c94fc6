package org.remotefs.core.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * qemu 7.2's feature-name table header extension, as {@code qcow2_update_header} writes it into
 * a version-3 header (only for clusters larger than 4 KiB: qemu leaves it out of smaller ones,
 * where it would leave little room for a backing name). Shared by the overlay writer and the
 * backing-file rewrite, which both reproduce that header byte for byte.
 */
final class Qcow2FeatureTable {
    static final int EXTENSION_TYPE = 0x6803f857;
    /** Clusters up to this size get no table. */
    static final int SMALLEST_CLUSTER_WITHOUT = 4096;
    private static final int NAME_LENGTH = 46;
    private static final int ENTRY_LENGTH = 48;
    /** type (0 incompatible, 1 compatible, 2 autoclear), bit, name. */
    private static final List<Feature> FEATURES = List.of(
            new Feature(0, 0, "dirty bit"), new Feature(0, 1, "corrupt bit"), new Feature(0, 2, "external data file"),
            new Feature(0, 3, "compression type"), new Feature(0, 4, "extended L2 entries"),
            new Feature(1, 0, "lazy refcounts"), new Feature(2, 0, "bitmaps"), new Feature(2, 1, "raw external data"));
    /** The extension's bytes: its type and length, then the entries (a multiple of 8, no padding). */
    static final int EXTENSION_LENGTH = 8 + FEATURES.size() * ENTRY_LENGTH;

    private Qcow2FeatureTable() {
    }

    /** Whether qemu 7.2 writes the table into the header of an image of this cluster size. */
    static boolean writtenFor(long clusterSize) {
        return clusterSize > SMALLEST_CLUSTER_WITHOUT;
    }

    /** Puts the extension at the buffer's position (whose bytes are zeros), leaving it after it. */
    static void put(ByteBuffer header) {
        int start = header.position();
        header.putInt(EXTENSION_TYPE).putInt(FEATURES.size() * ENTRY_LENGTH);
        for (Feature feature : FEATURES) {
            int entry = header.position();
            header.put((byte) feature.type()).put((byte) feature.bit())
                    .put(feature.name().getBytes(StandardCharsets.US_ASCII));
            header.position(entry + 2 + NAME_LENGTH);
        }
        header.position(start + EXTENSION_LENGTH);
    }

    private record Feature(int type, int bit, String name) {
    }
}
