package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.CountingCommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.json.Json;
import org.remotefs.testing.Fuzz;

/**
 * The property that lets a snapshot delete re-point an image without a process: for random qcow2
 * images — made by qemu-img (every cluster size, sizes up to the L1 table's limit, with or without
 * a backing file of any format, data written by qemu-io, an L1 table grown by a resize) or by the
 * in-process overlay writer — and random new backing names (1 to 1023 bytes, near and past what
 * the first cluster holds) and formats, {@link Qcow2Rebases} leaves the file byte for byte as the
 * installed {@code qemu-img rebase -u} leaves a copy, length included, and {@code qemu-img check}
 * finds it clean. Images the rewrite does not cover (lazy refcounts, version 2, bitmaps) go to
 * qemu-img, and the native path is taken exactly for the rest that qemu accepts. The seed is
 * printed; {@code -Dremotefs.fuzz.seed} replays it.
 */
final class Qcow2RebasesTest {
    private static final int[] CLUSTER_BITS = {9, 10, 11, 12, 13, 16, 16, 16, 21};
    private static final List<ImageFormat> FORMATS =
            List.of(ImageFormat.RAW, ImageFormat.QCOW2, ImageFormat.VPC, ImageFormat.VHDX);
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_.-";

    @TempDir
    Path dir;

    private final CountingCommandRunner runner =
            new CountingCommandRunner(new ExecCommandRunner(RootHelper.parse(""), Duration.ofMinutes(1)));
    private final Qcow2Rebases rebases = new Qcow2Rebases(new QemuImg(runner, Json.mapper()),
            new FileOperations(runner, RootHelper.parse(""), OperationGuard.none()), OperationGuard.none());

    /** How the image was made; only {@code PLAIN} and {@code NATIVE} are covered by the rewrite. */
    enum Kind { PLAIN, NATIVE, LAZY_REFCOUNTS, COMPAT_0_10, BITMAP }

    record Case(Kind kind, int clusterBits, long size, String oldBacking, ImageFormat oldFormat, boolean resize,
                int writes, long dataSeed, String newBacking, ImageFormat newFormat) {
    }

    private static Case generate(Random random) {
        int pick = random.nextInt(20);
        Kind kind = pick < 12 ? Kind.PLAIN : pick < 16 ? Kind.NATIVE : Kind.values()[2 + random.nextInt(3)];
        int clusterBits = kind == Kind.NATIVE ? 16 : CLUSTER_BITS[random.nextInt(CLUSTER_BITS.length)];
        String oldBacking = kind == Kind.NATIVE || random.nextInt(4) > 0 ? name(random, 1 + random.nextInt(60)) : null;
        long size = size(random, clusterBits);
        if (kind == Kind.BITMAP) {
            // a persistent bitmap's table must stay small: qemu-img refuses one for a very large image
            // ("Too much space will be occupied by the bitmap"; a seed with 894 TiB found it)
            size = Math.min(size, 1L << 40);
        }
        return new Case(kind, clusterBits, size, oldBacking,
                FORMATS.get(random.nextInt(FORMATS.size())), random.nextInt(4) == 0, random.nextInt(3),
                random.nextLong(), name(random, newLength(random, clusterBits)), FORMATS.get(random.nextInt(FORMATS.size())));
    }

    /** Sizes qemu-img accepts for the cluster size, keeping the L1 table at most 1 MiB. */
    private static long size(Random random, int clusterBits) {
        long perL1Entry = (1L << clusterBits) * ((1L << clusterBits) / 8);
        long max = Math.min(1L << 51, (1L << 17) * perL1Entry);
        long size = switch (random.nextInt(4)) {
            case 0 -> random.nextLong(1L << 24);
            case 1 -> (1 + random.nextLong(64)) << 30;
            case 2 -> random.nextLong(Math.min(max, 1L << 40));
            default -> random.nextLong(max);
        };
        return Math.min(size, max - (1L << 24));
    }

    /** Short names mostly; some up to qemu's 1023 bytes; some right at what the first cluster holds. */
    private static int newLength(Random random, int clusterBits) {
        int cluster = 1 << clusterBits;
        int room = cluster - 112 - 16 - (cluster > 4096 ? 392 : 0) - 8;
        return switch (random.nextInt(6)) {
            case 0 -> 1 + random.nextInt(1023);
            case 1 -> Math.max(1, Math.min(1023, room - 2 + random.nextInt(5)));
            case 2 -> 1023;
            default -> 1 + random.nextInt(90);
        };
    }

    private static String name(Random random, int length) {
        StringBuilder name = new StringBuilder("v");
        while (name.length() < length) {
            name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return name.toString();
    }

    @Test
    void rewritesTheHeaderAsQemuImgRebaseDoes() {
        Fuzz.Report report = new Fuzz<>("qcow2 rebase -u", 90, Duration.ofSeconds(60), 1L << 30,
                Qcow2RebasesTest::generate, Case::toString).run(this::check);

        assertThat(report.outcomes()).containsKey("native");
    }

    private String check(Case c) throws Exception {
        Path byQemu = image(c);
        Path byUs = Files.copy(byQemu, dir.resolve("native.qcow2"));
        Exit qemu = exit("qemu-img", "rebase", "-q", "-u", "-f", "qcow2", "-b", c.newBacking(), "-F",
                c.newFormat().qemuName(), byQemu.toString());
        int exit = qemu.status();
        // qemu-img's words decide the code: with a persistent bitmap whose extension no longer fits,
        // it also says "No space left on device", which the runner reports as NO_SPACE
        ErrorCode refusal = qemu.output().contains(ProcessExecutionException.NO_SPACE_TEXT) ? ErrorCode.NO_SPACE
                : ErrorCode.PROCESS_EXECUTION;
        long before = runner.started();
        String outcome;
        if (exit == 0) {
            rebases.rebaseUnsafe(byUs, c.newBacking(), c.newFormat(), false);
            outcome = runner.started() == before ? "native" : "qemu-img";
        } else {
            // qemu-img refuses (a name the first cluster cannot hold): so does the rebase, through qemu-img
            assertThatThrownBy(() -> rebases.rebaseUnsafe(byUs, c.newBacking(), c.newFormat(), false))
                    .isInstanceOfSatisfying(RemoteFsException.class,
                            e -> assertThat(e.code()).isEqualTo(refusal));
            outcome = "refused";
        }

        assertThat(Files.size(byUs)).isEqualTo(Files.size(byQemu));
        assertThat(Files.mismatch(byUs, byQemu)).as("first differing byte").isEqualTo(-1L);
        boolean covered = c.kind() == Kind.PLAIN || c.kind() == Kind.NATIVE;
        assertThat(outcome).isEqualTo(exit != 0 ? "refused" : covered ? "native" : "qemu-img");
        run("qemu-img", "check", "-q", withoutBacking(byUs));
        Files.delete(byQemu);
        Files.delete(byUs);
        return outcome;
    }

    /** The image of a case, as qemu-img (or the overlay writer) and qemu-io leave it. */
    private Path image(Case c) throws Exception {
        Path image = dir.resolve("by-qemu.qcow2");
        if (c.kind() == Kind.NATIVE) {
            try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Qcow2OverlayLayout.of(c.size(), c.oldBacking(), c.oldFormat()).orElseThrow().writeTo(channel);
            }
        } else {
            List<String> options = new ArrayList<>(List.of("cluster_size=" + (1L << c.clusterBits())));
            if (c.kind() == Kind.LAZY_REFCOUNTS) {
                options.add("lazy_refcounts=on");
            } else if (c.kind() == Kind.COMPAT_0_10) {
                options.add("compat=0.10");
            }
            run("qemu-img", "create", "-q", "-f", "qcow2", "-o", String.join(",", options), image.toString(),
                    Long.toString(c.size()));
            if (c.oldBacking() != null) {
                run("qemu-img", "rebase", "-q", "-u", "-f", "qcow2", "-b", c.oldBacking(), "-F",
                        c.oldFormat().qemuName(), image.toString());
            }
            if (c.kind() == Kind.BITMAP) {
                run("qemu-img", "bitmap", "--add", "-f", "qcow2", image.toString(), "b0");
            }
        }
        if (c.resize()) {
            run("qemu-img", "resize", "-q", withoutBacking(image), "+1G");
        }
        Random random = new Random(c.dataSeed());
        for (int i = 0; i < c.writes() && c.size() >= 4096; i++) {
            long at = random.nextLong(c.size() / 512 - 7) * 512;
            run("qemu-io", "-c", "write -q -P 0x" + Integer.toHexString(0x10 + i) + " " + at + " 4096",
                    withoutBacking(image));
        }
        return image;
    }

    /** The image opened without its backing file, which these tests do not make. */
    private static String withoutBacking(Path image) {
        return "json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"" + image + "\"},\"backing\":null}";
    }

    /**
     * A header damaged anywhere in its fields or extensions is never misread: the rewrite either
     * declines (qemu-img then runs and reports) or returns a whole cluster, and never throws.
     */
    @Test
    void aDamagedHeaderIsDeclinedOrRewrittenWholeNeverMisread() throws Exception {
        Path overlay = dir.resolve("overlay.qcow2");
        try (FileChannel channel = FileChannel.open(overlay, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Qcow2OverlayLayout.of(1L << 30, "volume-1", ImageFormat.RAW).orElseThrow().writeTo(channel);
        }
        byte[] cluster = java.util.Arrays.copyOf(Files.readAllBytes(overlay), 1 << 16);

        Fuzz.Report report = new Fuzz<>("qcow2 header rewrite of damaged headers", 3000, Duration.ofSeconds(5),
                64L << 20, random -> {
                    byte[] damaged = cluster.clone();
                    for (int i = 1 + random.nextInt(4); i > 0; i--) {
                        int at = random.nextInt(4) == 0 ? random.nextInt(112) : random.nextInt(1024);
                        damaged[at] = (byte) random.nextInt(256);
                    }
                    return damaged;
                }, damaged -> java.util.HexFormat.of().formatHex(damaged, 0, 1024)).run(damaged -> {
                    var rebased = Qcow2HeaderRewrite.rebased(java.nio.ByteBuffer.wrap(damaged), "volume-2", "qcow2");
                    // a whole cluster of the size the (possibly damaged) header declares
                    rebased.ifPresent(bytes -> assertThat(bytes.remaining())
                            .isEqualTo(1 << java.nio.ByteBuffer.wrap(damaged).getInt(20)));
                    return rebased.isPresent() ? "rewritten" : "declined";
                });

        assertThat(report.outcomes()).containsKeys("rewritten", "declined");
    }

    @Test
    void aReplayedRebaseFindsTheHeaderDoneAndWritesNothing() throws Exception {
        Path image = dir.resolve("overlay.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G");
        run("qemu-img", "rebase", "-q", "-u", "-f", "qcow2", "-b", "volume-1", "-F", "raw", image.toString());
        byte[] before = Files.readAllBytes(image);

        assertThat(rebases.rewritten(image, "volume-1", ImageFormat.RAW, false)).isTrue();

        assertThat(Files.readAllBytes(image)).isEqualTo(before);
        assertThat(runner.started()).isZero();
    }

    @Test
    void leavesToQemuImgAFileTheRootHelperMustWrite() throws Exception {
        Path image = dir.resolve("overlay.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G");
        Qcow2Rebases throughHelper = new Qcow2Rebases(new QemuImg(runner, Json.mapper()),
                new FileOperations(runner, RootHelper.parse("env"), OperationGuard.none()), OperationGuard.none());

        assertThat(throughHelper.rewritten(image, "volume-1", ImageFormat.RAW, true)).isFalse();
        assertThat(new ImageHeaderReader().read(image).backingFile()).isEmpty();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A command's exit status and what it printed. */
    private record Exit(int status, String output) {
    }

    private static Exit exit(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Exit(process.waitFor(), output);
    }
}
