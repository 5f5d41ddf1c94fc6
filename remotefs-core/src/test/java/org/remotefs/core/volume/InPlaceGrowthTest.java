package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotefs.core.exec.CountingCommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;

/**
 * The property that lets an extend start no process: where {@link InPlaceGrowth} grows a file, the
 * file is byte for byte what the installed {@code qemu-img resize} makes of a copy of it, and
 * {@code qemu-img check} finds a qcow2 clean. Random cases with a fixed seed: raw files of any
 * length with data; qcow2 images of every cluster size, with and without a raw backing file no
 * longer than the image, with data written by qemu-io, grown within their L1 table. Growth that
 * needs a larger L1 table: {@code Qcow2L1GrowthTest}.
 */
final class InPlaceGrowthTest {
    private static final long SEED = 0x15_0002L;
    private static final int[] CLUSTER_BITS = {9, 12, 16, 21};

    @TempDir
    Path dir;

    private final CountingCommandRunner runner =
            new CountingCommandRunner(new ExecCommandRunner(RootHelper.parse(""), Duration.ofMinutes(1)));
    private final InPlaceGrowth growth =
            new InPlaceGrowth(new FileOperations(runner, RootHelper.parse(""), OperationGuard.none()), OperationGuard.none());

    static Stream<Arguments> rawCases() {
        Random random = new Random(SEED);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long old = random.nextInt(4) == 0 ? 0 : random.nextLong(1L << 22);
            long grown = (old / 512 + 1 + random.nextLong(1L << 16)) * 512;
            cases.add(Arguments.of(old, grown, random.nextLong()));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("rawCases")
    void aRawFileGrowsAsQemuImgGrowsIt(long old, long grown, long dataSeed) throws Exception {
        Path byQemu = dir.resolve("by-qemu");
        byte[] data = new byte[(int) old];
        new Random(dataSeed).nextBytes(data);
        Files.write(byQemu, data);
        Path native_ = Files.copy(byQemu, dir.resolve("native"));
        run("qemu-img", "resize", "-q", "-f", "raw", byQemu.toString(), Long.toString(grown));

        assertThat(growth.grow(native_, ImageFormat.RAW, grown, 0, false)).isTrue();

        assertThat(Files.size(native_)).isEqualTo(grown);
        assertThat(Files.mismatch(native_, byQemu)).isEqualTo(-1L);
        assertThat(runner.started()).isZero();
    }

    static Stream<Arguments> qcow2Cases() {
        Random random = new Random(SEED + 1);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int clusterBits = CLUSTER_BITS[random.nextInt(CLUSTER_BITS.length)];
            long perL1Entry = (1L << clusterBits) * ((1L << clusterBits) / 8);
            long old = 512 * (1 + random.nextLong(Math.min(3 * perL1Entry, 1L << 36) / 512));
            long room = (old + perL1Entry - 1) / perL1Entry * perL1Entry;
            if (room == old) {
                old -= 512 * (1 + random.nextLong(Math.max(1, Math.min(perL1Entry, 1L << 30) / 512 - 1)));
                old = Math.max(old, 512);
            }
            long grown = old + 512 * (1 + random.nextLong((room - old) / 512));
            long backing = random.nextBoolean() ? 0 : 512 * random.nextLong(1, old / 512 + 1);
            cases.add(Arguments.of(clusterBits, old, grown, backing, random.nextInt(4)));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("qcow2Cases")
    void aQcow2ImageWithRoomInItsL1TableGrowsAsQemuImgGrowsIt(int clusterBits, long old, long grown, long backing,
                                                              int writes) throws Exception {
        Path byQemu = qcow2(clusterBits, old, backing, writes);
        Path native_ = Files.copy(byQemu, dir.resolve("native.qcow2"));
        run("qemu-img", "resize", "-q", "-f", "qcow2", byQemu.toString(), Long.toString(grown));

        assertThat(growth.grow(native_, ImageFormat.QCOW2, grown, backing, false)).isTrue();

        assertThat(Files.mismatch(native_, byQemu)).isEqualTo(-1L);
        assertThat(new ImageHeaderReader().read(native_).virtualSize()).isEqualTo(grown);
        run("qemu-img", "check", "-q", "-f", "qcow2", native_.toString());
        assertThat(runner.started()).isZero();
    }

    @Test
    void leavesToQemuImgWhatIsNotTrivial() throws Exception {
        // an L1 table that must grow where a new refcount block would be needed (Qcow2L1GrowthTest has more)
        Path volume = qcow2(9, 1L << 20, 0, 1);
        assertThat(growth.grow(volume, ImageFormat.QCOW2, 1L << 30, 0, false)).isFalse();
        // a backing file longer than the image: qemu writes zeros over the grown part
        Path overlay = qcow2(16, 1L << 20, 2L << 20, 1);
        assertThat(growth.grow(overlay, ImageFormat.QCOW2, 4L << 20, 2L << 20, false)).isFalse();
        // a size qemu-img would refuse, a file that is not larger, a format it does not grow
        Path raw = Files.write(dir.resolve("raw"), new byte[4096]);
        assertThat(growth.grow(raw, ImageFormat.RAW, 5000, 0, false)).isFalse();
        assertThat(growth.grow(raw, ImageFormat.RAW, 4096, 0, false)).isFalse();
        assertThat(growth.grow(raw, ImageFormat.VPC, 8192, 0, false)).isFalse();
        // internal snapshots, lazy refcounts, version 2 headers
        Path snapshotted = qcow2(16, 1L << 20, 0, 0);
        run("qemu-img", "snapshot", "-q", "-c", "s1", snapshotted.toString());
        assertThat(growth.grow(snapshotted, ImageFormat.QCOW2, 2L << 20, 0, false)).isFalse();
        Path lazy = dir.resolve("lazy.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", lazy.toString(), "1M");
        assertThat(growth.grow(lazy, ImageFormat.QCOW2, 2L << 20, 0, false)).isFalse();
        Path v2 = dir.resolve("v2.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=0.10", v2.toString(), "1M");
        assertThat(growth.grow(v2, ImageFormat.QCOW2, 2L << 20, 0, false)).isFalse();
        // a file a root helper must write
        InPlaceGrowth throughHelper = new InPlaceGrowth(
                new FileOperations(runner, RootHelper.parse("env"), OperationGuard.none()), OperationGuard.none());
        assertThat(throughHelper.grow(raw, ImageFormat.RAW, 8192, 0, true)).isFalse();
        assertThat(Files.size(raw)).isEqualTo(4096);
    }

    /** A qcow2 image as qemu-img writes it, on a raw backing file when {@code backing} > 0, with data. */
    private Path qcow2(int clusterBits, long size, long backing, int writes) throws Exception {
        Path image = dir.resolve("by-qemu.qcow2");
        Files.deleteIfExists(image);
        List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                "cluster_size=" + (1L << clusterBits)));
        if (backing > 0) {
            Path base = dir.resolve("base");
            Files.deleteIfExists(base);
            run("qemu-img", "create", "-q", "-f", "raw", base.toString(), Long.toString(backing));
            create.addAll(List.of("-b", "base", "-F", "raw"));
        }
        create.addAll(List.of(image.toString(), Long.toString(size)));
        run(create.toArray(String[]::new));
        Random random = new Random(size ^ clusterBits);
        for (int i = 0; i < writes; i++) {
            long at = random.nextLong(size / 512) * 512;
            run("qemu-io", "-f", "qcow2", "-c", "write -q -P " + (i + 1) + " " + at + " 512", image.toString());
        }
        return image;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
