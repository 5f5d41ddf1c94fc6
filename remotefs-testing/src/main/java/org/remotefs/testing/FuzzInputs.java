package org.remotefs.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random inputs for {@link Fuzz}: text with the characters parsers trip over, bytes, and
 * mutations of valid files (flipped bits, header fields set to boundary values, cuts).
 */
public final class FuzzInputs {
    /** Characters beyond the letters: white space, controls, quotes, escapes, non-ASCII, surrogates. */
    private static final List<String> SPECIAL = List.of(" ", "  ", "\t", "\n", "\r", "\r\n", "\0", "#", "\"", "'",
            "\\", "\\040", "{", "}", "[", "]", ":", "=", ",", "/", "..", "$", "${", "%s", "\u00e9", "\u00ba\u00be",
            "\u0301", "\u200b", "\u202e", "\ufeff", "\uffff", "\ud83d\ude00", "\ud800", "\udc00", "\u4e2d\u6587", "\u0663",
            "\u2028", "\u0085", "\u00a0");
    private static final long[] BOUNDARIES = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffffL,
            0x80000000L, 0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 60, 511, 512, 513, 4096,
            65536, 1L << 20, 1L << 30};

    private FuzzInputs() {
    }

    /** One of the values. */
    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Text of up to {@code maxLength} pieces: letters, digits and the characters of {@link #SPECIAL}. */
    public static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                text.append((char) ('a' + random.nextInt(26)));
            } else if (kind < 6) {
                text.append((char) ('0' + random.nextInt(10)));
            } else if (kind < 9) {
                text.append(pick(random, SPECIAL));
            } else {
                text.append((char) random.nextInt(0x10000));
            }
        }
        return text.toString();
    }

    /** A boundary value a length, offset or count field is likely to mishandle, or a random one. */
    public static long boundary(Random random) {
        return random.nextInt(4) == 0 ? random.nextLong() : BOUNDARIES[random.nextInt(BOUNDARIES.length)];
    }

    /** Random bytes, up to {@code maxLength}. */
    public static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A copy of {@code valid} with one to eight mutations: a flipped bit, a byte set, a 4- or 8-byte
     * big-endian field (aligned, as header fields are) set to a boundary value, a cut, random bytes
     * appended, a block copied over another. Most mutations fall in the first or the last
     * {@code focus} bytes, where image formats keep their headers and footers.
     */
    public static byte[] mutate(Random random, byte[] valid, int focus) {
        byte[] bytes = valid.clone();
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int near = Math.min(focus, bytes.length);
            int at = switch (random.nextInt(4)) {
                case 0, 1 -> random.nextInt(near);
                case 2 -> bytes.length - 1 - random.nextInt(near);
                default -> random.nextInt(bytes.length);
            };
            switch (random.nextInt(7)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> {
                    int field = at & ~3;
                    if (field + 4 <= bytes.length) {
                        ByteBuffer.wrap(bytes).putInt(field, (int) boundary(random));
                    }
                }
                case 3 -> {
                    int field = at & ~7;
                    if (field + 8 <= bytes.length) {
                        ByteBuffer.wrap(bytes).putLong(field, boundary(random));
                    }
                }
                case 4 -> bytes = Arrays.copyOf(bytes, at);
                case 5 -> {
                    byte[] extra = bytes(random, 4096);
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + extra.length);
                    System.arraycopy(extra, 0, longer, bytes.length, extra.length);
                    bytes = longer;
                }
                default -> {
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(random.nextInt(64) + 1, Math.min(bytes.length - from, bytes.length - at));
                    System.arraycopy(bytes, from, bytes, at, length);
                }
            }
        }
        return bytes;
    }
}
