package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property that lets a snapshot create start no process: for every size, backing name and
 * backing format the native layout covers, its file is byte for byte what the installed
 * {@code qemu-img create -f qcow2 -b <backing> -F <fmt> <file> <size>} writes, and
 * {@code qemu-img check} finds it clean. The cases are random with a fixed seed, plus the edges.
 */
final class Qcow2OverlayLayoutTest {
    private static final long SEED = 0x5eed_15L;
    private static final int RANDOM_CASES = 160;
    private static final long MAX = 1L << 51;
    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    private static final String NAME_REST = NAME_START + ".-";
    private static final List<ImageFormat> FORMATS =
            List.of(ImageFormat.RAW, ImageFormat.QCOW2, ImageFormat.VPC, ImageFormat.VHDX);

    @TempDir
    static Path backings;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        long[] edges = {0, 1, 511, 512, 513, 65535, 65536, 65537, (1L << 29) - 1, 1L << 29, (1L << 29) + 1,
                1L << 30, 10L << 30, (1L << 40) + 7, MAX - 512, MAX - 1, MAX};
        for (int i = 0; i < edges.length; i++) {
            cases.add(Arguments.of(edges[i], "volume-" + i, FORMATS.get(i % FORMATS.size())));
        }
        cases.add(Arguments.of(1L << 30, "b", ImageFormat.RAW));
        cases.add(Arguments.of(1L << 30, "x".repeat(255), ImageFormat.QCOW2));
        cases.add(Arguments.of(3L << 30, "volume-7a9c0c43-3b0e-4c4b-9a57-2f4cf0a8e2f1."
                + "0e0b6d1e-3c3a-4a52-8d7e-5c3c7a9b1e2d", ImageFormat.QCOW2));
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            cases.add(Arguments.of(size(random), name(random), FORMATS.get(random.nextInt(FORMATS.size()))));
        }
        return cases.stream();
    }

    /** Small sizes, whole GiB, anything up to a TiB, and anything up to qemu's 2 PiB limit. */
    private static long size(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong(1L << 24);
            case 1 -> (1 + random.nextLong(2048)) << 30;
            case 2 -> random.nextLong(1L << 40);
            default -> random.nextLong(MAX + 1);
        };
    }

    private static String name(Random random) {
        int length = random.nextInt(8) == 0 ? 1 + random.nextInt(255) : 1 + random.nextInt(90);
        StringBuilder name = new StringBuilder().append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        while (name.length() < length) {
            name.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        return name.toString();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void writesTheBytesQemuImgWrites(long size, String backingName, ImageFormat backingFormat) throws Exception {
        Files.createSymbolicLink(dir.resolve(backingName), backing(backingFormat));
        Path byQemu = dir.resolve("by-qemu.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", backingName, "-F", backingFormat.qemuName(),
                byQemu.toString(), Long.toString(size));
        Path native_ = dir.resolve("native.qcow2");
        Qcow2OverlayLayout layout = Qcow2OverlayLayout.of(size, backingName, backingFormat).orElseThrow();
        try (FileChannel channel = FileChannel.open(native_, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            layout.writeTo(channel);
        }

        assertThat(Files.size(native_)).isEqualTo(Files.size(byQemu));
        assertThat(Files.mismatch(native_, byQemu)).isEqualTo(-1L);
        run("qemu-img", "check", "-q", "-f", "qcow2", native_.toString());
    }

    /** One small backing image per format, linked under each case's name. */
    private static Path backing(ImageFormat format) throws Exception {
        Path backing = backings.resolve("backing." + format.qemuName());
        if (!Files.exists(backing)) {
            run("qemu-img", "create", "-q", "-f", format.qemuName(), backing.toString(), "1M");
        }
        return backing;
    }

    @Test
    void leavesToQemuImgWhatItDoesNotCover() {
        assertThat(Qcow2OverlayLayout.of(MAX + 1, "b", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(-1, "b", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(Long.MAX_VALUE, "b", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "x".repeat(256), ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "..", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "../volume-1", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "json:{}", ImageFormat.RAW)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "volume-1", ImageFormat.LUKS)).isEmpty();
        assertThat(Qcow2OverlayLayout.of(1L << 30, "volume-1", ImageFormat.VMDK)).isEmpty();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
