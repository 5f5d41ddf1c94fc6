package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.core.exec.CountingCommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.testing.Fuzz;

/**
 * The property that lets a qcow2 extend whose L1 table must grow start no process: where
 * {@link InPlaceGrowth} grows such an image, the file is byte for byte (length included) what the
 * installed {@code qemu-img resize} makes of a copy, and {@code qemu-img check} finds it clean;
 * where it does not, the file is untouched and qemu-img runs. Random images, a fresh seed each run
 * (printed; {@code -Dremotefs.fuzz.seed} replays): overlays by qemu-img and by the native writer,
 * qcow2 images without backing file, cluster sizes 512 B to 2 MiB, sizes from 0 to hundreds of TiB
 * (an L1 table over many clusters), data written by qemu-io, images grown before (a freed table
 * qemu reuses), grown to sizes up to and beyond qemu's limit. And a crash between the steps
 * leaves the old image or the new one, at worst with leaked clusters.
 */
final class Qcow2L1GrowthTest {
    private static final long GIB = 1L << 30;
    private static final int[] CLUSTER_BITS = {9, 12, 16, 16, 16, 16, 21};

    @TempDir
    Path dir;

    private final CountingCommandRunner runner =
            new CountingCommandRunner(new ExecCommandRunner(RootHelper.parse(""), Duration.ofMinutes(1)));
    private final InPlaceGrowth growth =
            new InPlaceGrowth(new FileOperations(runner, RootHelper.parse(""), OperationGuard.none()), OperationGuard.none());

    /** How the image is made. */
    enum Kind { QEMU_OVERLAY, NATIVE_OVERLAY, NO_BACKING }

    /**
     * One image and its growth.
     *
     * @param backing  the backing file's size (0 for none), raw or qcow2
     * @param writes   qemu-io writes before, each offset and length
     * @param earlier  a size qemu-img grows it to first (0: none), which frees its first L1 table
     */
    record Case(Kind kind, int clusterBits, long size, long backing, boolean qcow2Backing, List<long[]> writes,
                long earlier, long target) {
        @Override
        public String toString() {
            return kind + " clusters 2^" + clusterBits + ", size " + size + ", backing " + backing
                    + (qcow2Backing ? " (qcow2)" : " (raw)") + ", writes "
                    + writes.stream().map(w -> w[0] + "+" + w[1]).toList() + ", earlier " + earlier + ", target " + target;
        }
    }

    static Case generate(Random random) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        int clusterBits = kind == Kind.NATIVE_OVERLAY ? 16 : CLUSTER_BITS[random.nextInt(CLUSTER_BITS.length)];
        // an L1 table of at most 512 Ki entries (4 MiB) for sizes before the growth, within qemu's limit
        long perEntry = (1L << clusterBits) * ((1L << clusterBits) / 8);
        long cap = Math.min(perEntry << 19, 1L << 50);
        long size = size(random) % (cap / 4);
        if (kind != Kind.NATIVE_OVERLAY) {
            size = (size + 511) & ~511L; // qemu-img create rounds up; the native writer does the same itself
        }
        long rounded = (size + 511) & ~511L;
        long backing = 0;
        if (kind != Kind.NO_BACKING) {
            int choice = random.nextInt(5);
            // mostly no longer than the image (as a volume's base), sometimes longer (qemu then writes zeros)
            backing = choice == 0 ? rounded + 512 * (1 + random.nextInt(1 << 20)) : choice == 1 ? rounded
                    : 512 * (rounded == 0 ? 0 : random.nextLong(rounded / 512 + 1));
        }
        // a raw file over 8 TiB is more than some file systems hold (ext4: 16 TiB)
        boolean qcow2Backing = backing > (8L << 40) || random.nextBoolean();
        List<long[]> writes = new ArrayList<>();
        int count = rounded == 0 ? 0 : random.nextInt(5);
        for (int i = 0; i < count; i++) {
            long at = 512 * random.nextLong(rounded / 512);
            writes.add(new long[]{at, Math.min(512L * (1 + random.nextInt(256)), rounded - at)});
        }
        // qemu-img writes zeros over all the grown part of an image shorter than its backing file (L2
        // tables for all of it): such growth is kept short
        long step = backing > rounded ? 16L << 20 : 4 * GIB;
        long earlier = random.nextInt(4) == 0 ? rounded + 512 * (1 + random.nextLong(step / 512)) : 0;
        long from = Math.max(rounded, earlier);
        long target = switch (random.nextInt(6)) {
            case 0 -> from + 512 * (1 + random.nextLong(GIB / 512)); // anything
            case 1, 2 -> (from / GIB + 1 + random.nextInt(8)) * GIB; // whole GiB, as Cinder extends
            case 3 -> from + 512 * (1 + random.nextLong((1L << 42) / 512)); // up to 4 TiB more
            case 4 -> from + 512 * (1 + random.nextLong((1L << 48) / 512)); // up to 256 TiB more
            default -> from + 512 * (1 + random.nextLong((1L << 46) / 512));
        };
        // beyond qemu's limit now and then (qemu-img refuses it), else within the cap
        target = random.nextInt(20) == 0 ? Math.max(target, (perEntry << 22) + 512) : Math.min(target, Math.max(cap, from + 512));
        if (backing > from) {
            target = Math.min(target, from + 512 * (1 + random.nextLong((16L << 20) / 512)));
        }
        return new Case(kind, clusterBits, size, backing, qcow2Backing, writes, earlier, target);
    }

    /** Small sizes, whole GiB (a volume's), and anything up to 64 TiB. */
    private static long size(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong(4L << 20);
            case 1, 2 -> (1 + random.nextInt(4)) * GIB;
            case 3 -> random.nextLong(1L << 40);
            default -> random.nextLong(1L << 46);
        };
    }

    @Test
    void growsAnL1TableAsQemuImgGrowsIt() {
        Fuzz.Report report = new Fuzz<>("qcow2 L1 growth", 50, Duration.ofSeconds(30), 512L << 20,
                Qcow2L1GrowthTest::generate, Case::toString).run(this::check);

        // most images are grown here (64 KiB clusters and a volume's sizes: the common case)
        assertThat(report.outcomes().getOrDefault("native", 0)).isGreaterThanOrEqualTo(report.tries() / 3);
        assertThat(runner.started()).isZero();
    }

    private String check(Case c) throws Exception {
        Path here = Files.createTempDirectory(dir, "try");
        try {
            Path byQemu = image(here, c);
            Path native_ = Files.copy(byQemu, here.resolve("native.qcow2"));
            Path before = Files.copy(byQemu, here.resolve("before.qcow2"));
            long backingSize = c.kind() == Kind.NO_BACKING ? 0 : (c.backing() + 511) & ~511L;
            int resized = run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(), Long.toString(c.target()));

            boolean grown = growth.grow(native_, ImageFormat.QCOW2, c.target(), backingSize, false);

            if (!grown) {
                assertThat(Files.mismatch(native_, before)).as("a file left to qemu-img is untouched").isEqualTo(-1L);
                return resized == 0 ? "qemu-img" : "refused by qemu-img";
            }
            assertThat(resized).as("qemu-img resize").isZero();
            assertThat(Files.size(native_)).isEqualTo(Files.size(byQemu));
            assertThat(Files.mismatch(native_, byQemu)).as("byte for byte").isEqualTo(-1L);
            assertThat(new ImageHeaderReader().read(native_).virtualSize()).isEqualTo(c.target());
            assertThat(run("qemu-img", "check", "-q", "-f", "qcow2", native_.toString())).isZero();
            return "native";
        } finally {
            try (Stream<Path> files = Files.walk(here)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * A damaged image: header fields the growth reads, refcounts or L1 entries overwritten. Whatever
     * is grown in-process must be what qemu-img makes of it; the rest is left untouched.
     */
    record Damage(int field, long value, int refcountAt, int refcount, long target) {
    }

    static Damage damage(Random random) {
        long[] values = {0, 1, 2, 3, 4, 5, 6, 8, 65536, 2 * 65536, 3 * 65536, 4 * 65536, 5 * 65536, 3 * 65536 + 8,
                1L << 20, 1L << 31, (1L << 32) - 1, Long.MAX_VALUE, -65536};
        long value = random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextLong(1L << 20);
        return new Damage(random.nextInt(8), value, random.nextInt(16), random.nextInt(4),
                (2 + random.nextInt(6)) * GIB);
    }

    @Test
    void aDamagedImageIsGrownAsQemuImgGrowsItOrLeftUntouched() throws Exception {
        Path template = overlayWithData(Files.createTempDirectory(dir, "template"));
        Fuzz.Report report = new Fuzz<>("qcow2 L1 growth of damaged images", 40, Duration.ofSeconds(30), 256L << 20,
                Qcow2L1GrowthTest::damage, Damage::toString).run(d -> {
                    Path byQemu = template.resolveSibling("damaged.qcow2");
                    Files.copy(template, byQemu, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel channel = FileChannel.open(byQemu, StandardOpenOption.WRITE)) {
                        // 0-3: l1_size, l1_table_offset, refcount_table_offset, refcount_table_clusters;
                        // 4: a refcount of the first 16 clusters; 5: an L1 entry; 6: the size; 7: cluster_bits
                        switch (d.field()) {
                            case 0 -> channel.write(ByteBuffer.allocate(4).putInt(0, (int) d.value()), 36);
                            case 1 -> channel.write(ByteBuffer.allocate(8).putLong(0, d.value()), 40);
                            case 2 -> channel.write(ByteBuffer.allocate(8).putLong(0, d.value()), 48);
                            case 3 -> channel.write(ByteBuffer.allocate(4).putInt(0, (int) d.value()), 56);
                            case 4 -> channel.write(ByteBuffer.allocate(2).putShort(0, (short) d.refcount()),
                                    2 * 65536 + 2L * d.refcountAt());
                            case 5 -> channel.write(ByteBuffer.allocate(8).putLong(0, d.value()), 3 * 65536 + 8);
                            case 6 -> channel.write(ByteBuffer.allocate(8).putLong(0, d.value() * 512), 24);
                            default -> channel.write(ByteBuffer.allocate(4).putInt(0, 9 + d.refcountAt() % 13), 20);
                        }
                    }
                    Path native_ = Files.copy(byQemu, template.resolveSibling("damaged-native.qcow2"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Path before = Files.copy(byQemu, template.resolveSibling("damaged-before.qcow2"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    int resized = run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(),
                            Long.toString(d.target()));
                    boolean grown;
                    try {
                        grown = growth.grow(native_, ImageFormat.QCOW2, d.target(), GIB, false);
                    } catch (org.remotefs.api.RemoteFsException e) {
                        // a read the header sends past the file's end: a coded error, nothing written
                        assertThat(Files.mismatch(native_, before)).isEqualTo(-1L);
                        return e.code().name();
                    }
                    if (!grown) {
                        assertThat(Files.mismatch(native_, before)).isEqualTo(-1L);
                        return "qemu-img";
                    }
                    assertThat(resized).as("qemu-img resize of what was grown in-process").isZero();
                    assertThat(Files.mismatch(native_, byQemu)).as("byte for byte").isEqualTo(-1L);
                    return "native";
                });
        assertThat(report.outcomes()).containsKey("native");
    }

    @Test
    void growsTheBenchmarksOverlayFromOneToTwoGib() throws Exception {
        Path overlay = overlayWithData(dir);
        Path byQemu = Files.copy(overlay, dir.resolve("by-qemu.qcow2"));
        assertThat(run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(), Long.toString(2 * GIB))).isZero();

        assertThat(growth.grow(overlay, ImageFormat.QCOW2, 2 * GIB, GIB, false)).isTrue();

        assertThat(Files.mismatch(overlay, byQemu)).isEqualTo(-1L);
        assertThat(runner.started()).isZero();
        // and again: the table freed by the first growth is where qemu puts the next one
        assertThat(run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(), Long.toString(3 * GIB))).isZero();
        assertThat(growth.grow(overlay, ImageFormat.QCOW2, 3 * GIB, GIB, false)).isTrue();
        assertThat(Files.mismatch(overlay, byQemu)).isEqualTo(-1L);
        assertThat(run("qemu-img", "check", "-q", "-f", "qcow2", overlay.toString())).isZero();
    }

    @Test
    void growsAnImageOfSizeZeroWhichHasNoTable() throws Exception {
        // no L1 table at all (offset 0): nothing to copy, nothing to free
        Path native_ = dir.resolve("zero.qcow2");
        try (FileChannel channel = FileChannel.open(native_, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Qcow2OverlayLayout.of(0, "base", ImageFormat.RAW).orElseThrow().writeTo(channel);
        }
        Path byQemu = dir.resolve("zero-by-qemu.qcow2");
        assertThat(run("qemu-img", "create", "-q", "-f", "qcow2", byQemu.toString(), "0")).isZero();
        Path nativeNoBacking = Files.copy(byQemu, dir.resolve("zero-native.qcow2"));
        assertThat(run("qemu-img", "create", "-q", "-f", "raw", dir.resolve("base").toString(), "0")).isZero();
        Path overlayByQemu = Files.copy(native_, dir.resolve("zero-overlay-by-qemu.qcow2"));

        assertThat(run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(), Long.toString(GIB))).isZero();
        assertThat(run("qemu-img", "resize", "-q", "-f", "qcow2", overlayByQemu.toString(), Long.toString(GIB)))
                .isZero();
        assertThat(growth.grow(nativeNoBacking, ImageFormat.QCOW2, GIB, 0, false)).isTrue();
        assertThat(growth.grow(native_, ImageFormat.QCOW2, GIB, 0, false)).isTrue();

        assertThat(Files.mismatch(nativeNoBacking, byQemu)).isEqualTo(-1L);
        assertThat(Files.mismatch(native_, overlayByQemu)).isEqualTo(-1L);
        assertThat(runner.started()).isZero();
    }

    @Test
    void aCrashBetweenStepsLeavesTheOldImageOrTheNewOneAtWorstWithLeaks() throws Exception {
        // qemu-img check's exit status: 0 clean, 3 leaked clusters only (2 would be corruption)
        int[] checkAfter = {0, 3, 3, 0};
        long[] sizeAfter = {GIB, GIB, 2 * GIB, 2 * GIB};
        for (int steps = 0; steps <= Qcow2L1Growth.STEPS; steps++) {
            Path image = overlayWithData(Files.createTempDirectory(dir, "crash"));
            try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer header = ByteBuffer.allocate(112);
                channel.read(header, 0);
                Qcow2L1Growth.plan(channel, header.flip(), 2 * GIB).orElseThrow().apply(channel, steps);
            }

            assertThat(run("qemu-img", "check", "-q", "-f", "qcow2", image.toString())).as("check after %d steps", steps)
                    .isEqualTo(checkAfter[steps]);
            assertThat(new ImageHeaderReader().read(image).virtualSize()).isEqualTo(sizeAfter[steps]);
            assertThat(run("qemu-io", "-f", "qcow2", "-c", "read -q -P 7 1000M 512", "-c", "read -q -P 8 0 4096",
                    "-c", "read -q -P 0 4096 4096", image.toString())).as("data after %d steps", steps).isZero();
        }
    }

    @Test
    void leavesToQemuImgWhatItCannotShowIdentical() throws Exception {
        // 512-byte clusters: 1 MiB to 1 GiB needs 512 clusters of table, beyond the first refcount block
        Path small = dir.resolve("small.qcow2");
        assertThat(run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=512", small.toString(), "1M"))
                .isZero();
        Path before = Files.copy(small, dir.resolve("before.qcow2"));
        assertThat(growth.grow(small, ImageFormat.QCOW2, GIB, 0, false)).isFalse();
        assertThat(Files.mismatch(small, before)).isEqualTo(-1L);
        // beyond qemu's 32 MiB of L1 entries (2 PiB at 64 KiB clusters): qemu-img refuses it
        Path overlay = overlayWithData(dir);
        assertThat(growth.grow(overlay, ImageFormat.QCOW2, 3L << 50, GIB, false)).isFalse();
        assertThat(new ImageHeaderReader().read(overlay).virtualSize()).isEqualTo(GIB);
        // refcounts that call an L2 table free (corrupt): the first free cluster holds metadata
        Path corrupt = overlayWithData(Files.createTempDirectory(dir, "corrupt"));
        try (FileChannel channel = FileChannel.open(corrupt, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer l1 = ByteBuffer.allocate(16);
            channel.read(l1, 3 * 65536);
            long l2 = l1.getLong(0) & 0x00ff_ffff_ffff_fe00L;
            assertThat(l2).isPositive();
            channel.write(ByteBuffer.allocate(2), 2 * 65536 + 2 * (l2 / 65536));
        }
        Path corruptBefore = Files.copy(corrupt, dir.resolve("corrupt-before.qcow2"));
        assertThat(growth.grow(corrupt, ImageFormat.QCOW2, 2 * GIB, GIB, false)).isFalse();
        assertThat(Files.mismatch(corrupt, corruptBefore)).isEqualTo(-1L);
    }

    /** The benchmark's image: a 1 GiB overlay by the native writer on a 1 GiB raw base, with data. */
    private Path overlayWithData(Path in) throws Exception {
        Path base = in.resolve("base");
        assertThat(run("qemu-img", "create", "-q", "-f", "raw", base.toString(), "1G")).isZero();
        Path overlay = in.resolve("overlay.qcow2");
        Files.deleteIfExists(overlay);
        try (FileChannel channel = FileChannel.open(overlay, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Qcow2OverlayLayout.of(GIB, "base", ImageFormat.RAW).orElseThrow().writeTo(channel);
        }
        assertThat(run("qemu-io", "-f", "qcow2", "-c", "write -q -P 7 1000M 512", "-c", "write -q -P 8 0 4096",
                overlay.toString())).isZero();
        return overlay;
    }

    /** The case's image, made by qemu-img or the native writer, grown first and written to as it says. */
    private static Path image(Path in, Case c) throws Exception {
        Path image = in.resolve("by-qemu.qcow2");
        String backingFormat = c.qcow2Backing() ? "qcow2" : "raw";
        if (c.kind() != Kind.NO_BACKING) {
            assertThat(run("qemu-img", "create", "-q", "-f", backingFormat, in.resolve("base").toString(),
                    Long.toString(c.backing()))).isZero();
        }
        switch (c.kind()) {
            case NATIVE_OVERLAY -> {
                try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    Qcow2OverlayLayout.of(c.size(), "base", c.qcow2Backing() ? ImageFormat.QCOW2 : ImageFormat.RAW)
                            .orElseThrow().writeTo(channel);
                }
            }
            case QEMU_OVERLAY -> assertThat(run("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                    "cluster_size=" + (1L << c.clusterBits()), "-b", "base", "-F", backingFormat, image.toString(),
                    Long.toString(c.size()))).isZero();
            case NO_BACKING -> assertThat(run("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                    "cluster_size=" + (1L << c.clusterBits()), image.toString(), Long.toString(c.size()))).isZero();
        }
        if (!c.writes().isEmpty()) {
            List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
            for (int i = 0; i < c.writes().size(); i++) {
                io.addAll(List.of("-c", "write -q -P " + (i + 1) + " " + c.writes().get(i)[0] + " " + c.writes().get(i)[1]));
            }
            io.add(image.toString());
            assertThat(run(io.toArray(String[]::new))).isZero();
        }
        if (c.earlier() > 0) {
            assertThat(run("qemu-img", "resize", "-q", "-f", "qcow2", image.toString(), Long.toString(c.earlier())))
                    .isZero();
        }
        return image;
    }

    /** Runs a tool; its exit status. */
    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            System.out.println(String.join(" ", command) + ": " + status + ": " + output.strip());
        }
        return status;
    }
}
