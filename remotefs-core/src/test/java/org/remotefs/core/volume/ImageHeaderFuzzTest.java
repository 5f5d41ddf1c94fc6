package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.layout.BackingFileCheck;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.testing.Fuzz;
import org.remotefs.testing.FuzzInputs;

/**
 * Random image files: mutations of real qcow2 (v2, v3, with a backing file, with an external data
 * file), VHD, VHDX, LUKS and raw files that {@code qemu-img create} makes once per class, and
 * random bytes behind a format's magic. The header reader, the occupancy test of an overlay and
 * the chain walker must end each within a deadline, allocate within a budget (a header claiming a
 * 2^60-entry table must not make them allocate it) and fail only with a coded error; what the
 * reader reports of a qcow2 header lies within the file.
 */
final class ImageHeaderFuzzTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final long BUDGET = 32L << 20;
    /** The head of a seed kept (a VHDX is megabytes of regions the reader never reads). */
    private static final int SEED_BYTES = 256 << 10;
    private static final String VOLUME = "volume-6d1c7a3e-2f4b-4c1e-9a55-0c8f3b2e7d10";
    private static final String SNAPSHOT = "5f0e2a9c-8b7d-4e61-a3f2-1c9d8e7b6a54";
    private static final Set<ErrorCode> CHAIN_ERRORS = Set.of(ErrorCode.INVALID_VOLUME, ErrorCode.INVALID_BACKING_FILE,
            ErrorCode.IMAGE_UNACCEPTABLE, ErrorCode.UNSUPPORTED);

    private static final List<byte[]> SEEDS = new ArrayList<>();

    @TempDir
    static Path seeds;

    @TempDir
    Path dir;

    @BeforeAll
    static void realImages() throws Exception {
        String base = seeds.resolve(VOLUME).toString();
        qemuImg("create", "-q", "-f", "raw", base, "1M");
        qemuImg("create", "-q", "-f", "qcow2", seeds.resolve("v3").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "compat=0.10", seeds.resolve("v2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-b", VOLUME, "-F", "raw", seeds.resolve("overlay").toString());
        qemuImg("create", "-q", "-f", "qcow2", "-b", VOLUME, "-F", "raw", "-o", "compat=0.10",
                seeds.resolve("overlay-v2").toString());
        // an overlay whose backing file is the volume's snapshot overlay: written as that overlay, a loop
        String overlayName = VolumeNames.plain(VOLUME).overlay(SNAPSHOT);
        qemuImg("create", "-q", "-f", "qcow2", "-b", VOLUME, "-F", "raw", seeds.resolve(overlayName).toString());
        qemuImg("create", "-q", "-f", "qcow2", "-b", overlayName, "-F", "qcow2", seeds.resolve("loop").toString());
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + seeds.resolve("data"),
                seeds.resolve("external").toString(), "1M");
        qemuImg("create", "-q", "-f", "vpc", seeds.resolve("vhd").toString(), "1M");
        qemuImg("create", "-q", "-f", "vpc", "-o", "subformat=fixed", seeds.resolve("vhd-fixed").toString(), "1M");
        qemuImg("create", "-q", "-f", "vhdx", seeds.resolve("vhdx").toString(), "1M");
        // qemu times its key derivation on the CPU first, and that measure fails often, loaded or not ("Unable
        // to get accurate CPU usage": about 4 runs in 10 of qemu-img 7.2 on this machine, whatever the
        // iter-time): each try is another measurement, and ten leave about one build in 10,000 to chance
        for (int attempt = 1; ; attempt++) {
            try {
                qemuImg("create", "-q", "--object", "secret,id=sec0,data=fuzz", "-f", "luks", "-o",
                        "key-secret=sec0,iter-time=10", seeds.resolve("luks").toString(), "1M");
                break;
            } catch (AssertionError e) {
                Files.deleteIfExists(seeds.resolve("luks"));
                if (attempt == 10) {
                    throw e;
                }
            }
        }
        for (String name : List.of(VOLUME, "v3", "v2", "overlay", "overlay-v2", "loop", "external", "vhd", "vhd-fixed", "vhdx",
                "luks")) {
            byte[] bytes = Files.readAllBytes(seeds.resolve(name));
            SEEDS.add(name.startsWith("vhd-") || bytes.length <= SEED_BYTES ? bytes : Arrays.copyOf(bytes, SEED_BYTES));
        }
    }

    private static void qemuImg(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(command + ": " + output).isZero();
    }

    /** qcow2 header fields (offset, width): offsets, lengths and counts a reader must not trust. */
    private static final int[][] QCOW2_FIELDS = {{4, 4}, {8, 8}, {16, 4}, {20, 4}, {24, 8}, {32, 4}, {36, 4}, {40, 8},
            {48, 8}, {56, 4}, {60, 4}, {64, 8}, {72, 8}, {96, 4}, {100, 4}};
    private static final List<Integer> QCOW2_SEEDS = List.of(1, 2, 3, 4, 5, 6);

    /**
     * A mutated real image; a real qcow2 with header fields set to boundary values (a table of
     * 2^60 entries, an offset near the end of the address space); or random bytes behind a magic.
     */
    private static byte[] image(Random random) {
        int kind = random.nextInt(6);
        if (kind < 3) {
            return FuzzInputs.mutate(random, FuzzInputs.pick(random, SEEDS), 512);
        }
        if (kind < 5) {
            byte[] bytes = SEEDS.get(FuzzInputs.pick(random, QCOW2_SEEDS)).clone();
            ByteBuffer fields = ByteBuffer.wrap(bytes);
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                int[] field = QCOW2_FIELDS[random.nextInt(QCOW2_FIELDS.length)];
                long value = FuzzInputs.boundary(random) - (random.nextBoolean() ? 0 : random.nextInt(64));
                if (field[1] == 8) {
                    fields.putLong(field[0], value);
                } else {
                    fields.putInt(field[0], (int) value);
                }
            }
            return bytes;
        }
        byte[] magic = FuzzInputs.pick(random, List.of(new byte[]{0x51, 0x46, 0x49, (byte) 0xfb, 0, 0, 0, 3},
                new byte[]{0x51, 0x46, 0x49, (byte) 0xfb, 0, 0, 0, 2}, "conectix".getBytes(StandardCharsets.ISO_8859_1),
                "vhdxfile".getBytes(StandardCharsets.ISO_8859_1), "LUKS\u00ba\u00be".getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]));
        byte[] rest = FuzzInputs.bytes(random, 8192);
        byte[] bytes = Arrays.copyOf(magic, magic.length + rest.length);
        System.arraycopy(rest, 0, bytes, magic.length, rest.length);
        return bytes;
    }

    private static String shown(byte[] bytes) {
        return bytes.length + " bytes, head " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 160));
    }

    @Test
    void theHeaderReaderReportsOnlyWhatTheFileHoldsOrACodedError() {
        ImageHeaderReader reader = new ImageHeaderReader();
        Path file = dir.resolve("image");
        new Fuzz<>("image header reader", 1500, DEADLINE, BUDGET, ImageHeaderFuzzTest::image, ImageHeaderFuzzTest::shown)
                .run(bytes -> {
                    Files.write(file, bytes);
                    ImageHeader header;
                    try {
                        header = reader.read(file);
                    } catch (RemoteFsException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME);
                        assertThat(e.details()).containsEntry("file", file.toString());
                        return e.code().name();
                    }
                    if (header.format() == ImageFormat.QCOW2) {
                        assertThat(header.virtualSize()).isNotNegative();
                        if (header.backingFile().isPresent()) {
                            // the name the header points at lies wholly within the file
                            ByteBuffer fields = ByteBuffer.wrap(bytes);
                            BigInteger end = BigInteger.valueOf(fields.getLong(8)).add(BigInteger.valueOf(fields.getInt(16)));
                            assertThat(fields.getLong(8)).isPositive();
                            assertThat(end).isLessThanOrEqualTo(BigInteger.valueOf(bytes.length));
                            assertThat(header.backingFile().get()).isNotEmpty();
                        }
                    }
                    // refusing unsafe images is coded too
                    Throwable unsafe = catchThrowable(() -> header.requireSafe(file));
                    if (unsafe != null) {
                        assertThat(unsafe).isInstanceOf(RemoteFsException.class);
                        assertThat(((RemoteFsException) unsafe).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
                    }
                    return header.format().qemuName();
                });
    }

    @Test
    void theOccupancyTestReadsNoTableBeyondTheFileAndAllocatesWithinBounds() {
        Qcow2Occupancy occupancy = new Qcow2Occupancy();
        Path file = dir.resolve("overlay");
        new Fuzz<>("qcow2 occupancy (L1 table)", 800, DEADLINE, BUDGET, ImageHeaderFuzzTest::image,
                ImageHeaderFuzzTest::shown)
                .run(bytes -> {
                    Files.write(file, bytes);
                    boolean empty = occupancy.isEmptyOverlay(file);
                    if (empty) {
                        // only a qcow2 whose L1 table is there (or has no entry) and all zero is empty
                        ByteBuffer fields = ByteBuffer.wrap(bytes);
                        assertThat(fields.getInt(0)).isEqualTo(0x514649fb);
                        long entries = Integer.toUnsignedLong(fields.getInt(36));
                        long offset = fields.getLong(40);
                        if (entries > 0) {
                            assertThat(offset).isPositive();
                            assertThat(BigInteger.valueOf(offset).add(BigInteger.valueOf(entries * 8)))
                                    .isLessThanOrEqualTo(BigInteger.valueOf(bytes.length));
                            long nonZero = 0;
                            for (long i = 0; i < entries; i++) {
                                nonZero += fields.getLong((int) (offset + i * 8)) != 0 ? 1 : 0;
                            }
                            assertThat(nonZero).as("L1 entries set").isZero();
                        }
                    }
                    return empty ? "empty" : "holds data";
                });
    }

    private record Chain(byte[] overlay, byte[] base, String baseFormat) {
    }

    @Test
    void theChainWalkerEndsWithAChainOrACodedError() {
        ChainWalker walker = new ChainWalker(new ImageHeaderReader(), new BackingFileCheck());
        VolumeNames names = VolumeNames.plain(VOLUME);
        String overlayName = names.overlay(SNAPSHOT);
        new Fuzz<Chain>("chain walker", 800, DEADLINE, BUDGET,
                random -> new Chain(image(random), random.nextInt(3) == 0 ? image(random)
                        : SEEDS.get(random.nextInt(2) == 0 ? 0 : 1 + random.nextInt(SEEDS.size() - 1)),
                        FuzzInputs.pick(random, Arrays.asList("raw", "qcow2", "vhd", "vpc", "vhdx", null, "luks", ""))),
                chain -> "overlay " + shown(chain.overlay()) + "; base " + shown(chain.base()) + "; base format "
                        + chain.baseFormat())
                .run(chain -> {
                    Files.write(dir.resolve(overlayName), withBackingName(chain.overlay(), overlayName));
                    Files.write(dir.resolve(VOLUME), chain.base());
                    List<ChainLink> links;
                    try {
                        links = walker.walk(dir, names, overlayName, chain.baseFormat());
                    } catch (RemoteFsException e) {
                        assertThat(e.code()).isIn(CHAIN_ERRORS);
                        return e.code().name();
                    }
                    assertThat(links).isNotEmpty().hasSizeLessThanOrEqualTo(2);
                    assertThat(links.get(0).fileName()).isEqualTo(overlayName);
                    assertThat(links.get(links.size() - 1).backing()).isEmpty();
                    return "chain of " + links.size();
                });
    }

    /**
     * Often, a backing name of the volume's own (its base, or the overlay itself: a loop) where the
     * mutated header keeps one, so the walk goes past the first image.
     */
    private static byte[] withBackingName(byte[] overlay, String overlayName) {
        if (overlay.length < 20 || ByteBuffer.wrap(overlay).getInt(0) != 0x514649fb) {
            return overlay;
        }
        ByteBuffer fields = ByteBuffer.wrap(overlay);
        long offset = fields.getLong(8);
        int size = fields.getInt(16);
        String name = (overlay.length + offset) % 3 == 0 ? overlayName : VOLUME;
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (offset > 0 && size == bytes.length && offset <= overlay.length - size) {
            byte[] copy = overlay.clone();
            System.arraycopy(bytes, 0, copy, (int) offset, size);
            return copy;
        }
        return overlay;
    }
}
