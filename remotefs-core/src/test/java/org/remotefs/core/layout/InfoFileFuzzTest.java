package org.remotefs.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.json.Json;
import org.remotefs.testing.Fuzz;
import org.remotefs.testing.FuzzInputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Random info files: valid ones in any layout, truncated, mutated, random JSON (duplicate keys,
 * values that are not strings, nesting), invalid UTF-8, NUL bytes, a BOM, trailing data, random
 * bytes, deep nesting and files beyond the size bound. The reader must accept exactly what Cinder's
 * {@code json.load} of the file accepts as a volume's record (CPython judges every input, in one
 * process per run), give the same entries, and refuse the rest with {@code INVALID_VOLUME} naming
 * the file — never another exception, a stack overflow, a loop or unbounded memory. What it
 * writes is byte for byte what Cinder's {@code json.dump} writes.
 */
final class InfoFileFuzzTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long BUDGET = 64L << 20;
    private static final int TRIES = 1000;
    /** Each write fsyncs the file and its directory: fewer. */
    private static final int WRITES = 200;
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** Prints, for each file given, Cinder's reading of it: [true, entries] or [false, why]. */
    private static final String PYTHON_READER = String.join("\n",
            "import json, sys",
            "for name in sys.argv[1:]:",
            "    try:",
            "        with open(name, 'r', encoding='utf-8') as f:",
            "            info = json.load(f)",
            "        ok = isinstance(info, dict) and all(isinstance(v, str) for v in info.values())",
            "        print(json.dumps([True, list(info.items())] if ok else [False, 'not an object of strings']))",
            "    except Exception as e:",
            "        print(json.dumps([False, type(e).__name__]))");

    /** Prints, for each file given, json.dumps(json.load(file), indent=1, sort_keys=True) as Cinder writes it. */
    private static final String PYTHON_WRITER = String.join("\n",
            "import json, sys",
            "for name in sys.argv[1:]:",
            "    with open(name, 'r', encoding='utf-8') as f:",
            "        print(json.dumps(json.dumps(json.load(f), indent=1, sort_keys=True)))");

    private final InfoFile infoFile = new InfoFile(Json.mapper());

    @TempDir
    Path dir;

    @Test
    void readsExactlyWhatCindersJsonLoadReads() throws Exception {
        long seed = Fuzz.seed();
        Random random = new Random(seed);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < Fuzz.scaled(TRIES); i++) {
            inputs.add(infoBytes(random));
        }
        List<JsonNode> cinder = python(PYTHON_READER, inputs);
        AtomicInteger next = new AtomicInteger();
        Path info = dir.resolve("volume-f.info");

        new Fuzz<>("info-file reader", TRIES, DEADLINE, BUDGET, r -> next.getAndIncrement(),
                i -> shown(inputs.get(i)) + "\n  CPython: " + cinder.get(i))
                .withSeed(seed)
                .run(i -> {
                    Files.write(info, inputs.get(i));
                    JsonNode expected = cinder.get(i);
                    Throwable thrown = null;
                    Map<String, String> entries = null;
                    try {
                        entries = infoFile.read(info).orElseThrow();
                    } catch (RuntimeException e) {
                        thrown = e;
                    }
                    if (expected.get(0).asBoolean()) {
                        assertThat(thrown).as("CPython reads it").isNull();
                        Map<String, String> python = new LinkedHashMap<>();
                        expected.get(1).forEach(pair -> python.put(pair.get(0).textValue(), pair.get(1).textValue()));
                        assertThat(entries).containsExactlyEntriesOf(python);
                        return "read";
                    }
                    assertThat(thrown).as("CPython refuses it (" + expected.get(1) + ")")
                            .isInstanceOf(RemoteFsException.class);
                    assertThat(((RemoteFsException) thrown).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
                    assertThat(((RemoteFsException) thrown).details()).containsEntry("file", info.toString());
                    return "refused";
                });
    }

    @Test
    void hugeAndDeeplyNestedFilesAreRefusedInBoundedTimeAndMemory() {
        Path info = dir.resolve("volume-g.info");
        new Fuzz<>("info-file reader, huge and deep", 40, DEADLINE, BUDGET, InfoFileFuzzTest::hugeOrDeep,
                InfoFileFuzzTest::shown)
                .run(bytes -> {
                    Files.write(info, bytes);
                    Throwable thrown = catchThrowable(() -> infoFile.read(info));
                    assertThat(thrown).isInstanceOf(RemoteFsException.class);
                    assertThat(((RemoteFsException) thrown).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
                    return bytes.length > InfoFile.MAX_BYTES ? "too large" : "too deep";
                });
    }

    @Test
    void writesByteForByteWhatCindersJsonDumpWrites() throws Exception {
        long seed = Fuzz.seed();
        Random random = new Random(seed);
        List<Map<String, String>> maps = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < Fuzz.scaled(WRITES); i++) {
            Map<String, String> entries = entries(random);
            maps.add(entries);
            written.add(InfoFile.render(entries).getBytes(StandardCharsets.US_ASCII));
        }
        List<JsonNode> cinder = python(PYTHON_WRITER, written);
        AtomicInteger next = new AtomicInteger();
        Path info = dir.resolve("volume-w.info");

        new Fuzz<>("info-file writer", WRITES, DEADLINE, BUDGET, r -> next.getAndIncrement(), i -> maps.get(i).toString())
                .withSeed(seed)
                .run(i -> {
                    infoFile.write(info, maps.get(i), path -> { });
                    String text = Files.readString(info, StandardCharsets.US_ASCII);
                    assertThat(text).isEqualTo(cinder.get(i).textValue());
                    assertThat(infoFile.read(info)).contains(maps.get(i));
                    return "written";
                });
    }

    private static Map<String, String> entries(Random random) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(InfoFile.ACTIVE, "volume-f." + FuzzInputs.text(random, 8));
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String key = switch (random.nextInt(3)) {
                case 0 -> java.util.UUID.nameUUIDFromBytes(new byte[]{(byte) i}).toString();
                // characters whose order differs between UTF-16 units and code points (sort_keys sorts by code point)
                case 1 -> FuzzInputs.pick(random, List.of("\uffff", "\ud83d\ude00", "\ue000", "a", "\ud800", "\udc00"))
                        + FuzzInputs.text(random, 2);
                default -> FuzzInputs.text(random, 6);
            };
            entries.put(key, FuzzInputs.text(random, 12));
        }
        return entries;
    }

    /** The kinds of content an info file can have, valid or not. */
    private static byte[] infoBytes(Random random) {
        byte[] valid = layout(random, InfoFile.render(entries(random))).getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(10)) {
            case 0, 1 -> valid;
            case 2 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            case 3 -> FuzzInputs.mutate(random, valid, 64);
            case 4 -> json(random, 0).getBytes(StandardCharsets.UTF_8);
            case 5 -> "{\"active\": \"a\", \"active\": \"b\", \"x\": \"y\", \"x\": \"z\"}".getBytes(StandardCharsets.UTF_8);
            case 6 -> withBadBytes(random, valid);
            case 7 -> concat(FuzzInputs.pick(random, List.of("\ufeff", "", " \n")).getBytes(StandardCharsets.UTF_8),
                    valid, FuzzInputs.pick(random, List.of("", " x", "{}", "\n\n", "]", "\0")).getBytes(StandardCharsets.UTF_8));
            case 8 -> FuzzInputs.bytes(random, 200);
            default -> nested(random, 1 + random.nextInt(1500)).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Cinder's layout, or the same JSON compact or with other white space. */
    private static String layout(Random random, String rendered) {
        return switch (random.nextInt(3)) {
            case 0 -> rendered;
            case 1 -> rendered.replace("\n ", "").replace("\n}", "}").replace(": ", ":");
            default -> rendered.replace("\n", FuzzInputs.pick(random, List.of("\r\n", "\t", "\n\n   ", "\r")));
        };
    }

    private static byte[] withBadBytes(Random random, byte[] valid) {
        byte[] bad = FuzzInputs.pick(random, List.of(new byte[]{(byte) 0xc3}, new byte[]{(byte) 0xff},
                new byte[]{(byte) 0xc0, (byte) 0xaf}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[]{0},
                new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0xe2, (byte) 0x82}));
        int at = random.nextInt(valid.length + 1);
        return concat(java.util.Arrays.copyOf(valid, at), bad, java.util.Arrays.copyOfRange(valid, at, valid.length));
    }

    /** Random JSON, mostly objects: duplicate keys, numbers, literals, arrays, escapes, nesting. */
    private static String json(Random random, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(4) : random.nextInt(depth == 0 ? 2 : 6);
        return switch (kind) {
            case 0, 1 -> {
                StringBuilder object = new StringBuilder("{");
                int fields = random.nextInt(5);
                for (int i = 0; i < fields; i++) {
                    object.append(i == 0 ? "" : ",").append(jsonString(random, random.nextInt(3) == 0 ? "active" : null))
                            .append(':').append(random.nextInt(3) == 0 ? json(random, depth + 1) : jsonString(random, null));
                }
                yield object.append('}').toString();
            }
            case 2 -> jsonString(random, null);
            case 3 -> FuzzInputs.pick(random, List.of("0", "-1", "1.5e999", "NaN", "Infinity", "-0", "01", "1e5",
                    "123456789012345678901234567890", "true", "false", "null", "nul", "\"\\u12\""));
            case 4 -> "[" + json(random, depth + 1) + (random.nextBoolean() ? "," + json(random, depth + 1) : "") + "]";
            default -> "{" + jsonString(random, null) + ":" + json(random, depth + 1) + "}";
        };
    }

    private static String jsonString(Random random, String given) {
        if (given != null) {
            return '"' + given + '"';
        }
        return '"' + FuzzInputs.pick(random, List.of("", "volume-f", "\\u0000", "\\ud800", "\\udc00\\ud800",
                "\\ud83d\\ude00", "\\n", "\\\"", "\\/", "\\x", "\u00e9", "\t", "\\u00e9")) + '"';
    }

    private static String nested(Random random, int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String inner = "\"volume-f\"";
        return random.nextBoolean()
                ? "{\"active\":" + open.repeat(depth) + inner + close.repeat(depth) + "}"
                : open.repeat(depth) + inner + close.repeat(random.nextInt(depth + 1));
    }

    private static byte[] hugeOrDeep(Random random) {
        if (random.nextBoolean()) {
            int depth = 10_000 + random.nextInt(500_000);
            return nested(random, depth).getBytes(StandardCharsets.UTF_8);
        }
        // a valid record padded past the bound: refused before it is parsed
        String valid = InfoFile.render(Map.of(InfoFile.ACTIVE, "volume-g"));
        int padding = (int) InfoFile.MAX_BYTES + 1 + random.nextInt(1 << 16) - valid.length();
        return (valid + " ".repeat(padding)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String shown(byte[] bytes) {
        return bytes.length > 600 ? bytes.length + " bytes starting "
                + new String(bytes, 0, 300, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?")
                : java.util.HexFormat.of().formatHex(bytes) + " (" + new String(bytes, StandardCharsets.ISO_8859_1)
                .replaceAll("[^ -~]", "?") + ")";
    }

    /** Runs the script once over every input (one file each), one JSON line per input. */
    private List<JsonNode> python(String script, List<byte[]> inputs) throws IOException, InterruptedException {
        Path batch = Files.createDirectories(dir.resolve("batch"));
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        for (int i = 0; i < inputs.size(); i++) {
            Path file = batch.resolve(Integer.toString(i));
            Files.write(file, inputs.get(i));
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("python3").isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            lines.add(PLAIN.readTree(line));
        }
        assertThat(lines).hasSize(inputs.size());
        return lines;
    }
}
