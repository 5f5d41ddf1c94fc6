package org.remotefs.core.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.ShareCalls;
import org.remotefs.core.volume.TemporaryNames;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A volume's {@code volume-<id>.info} file: a JSON object mapping snapshot ids and {@code active}
 * to bare file names.
 *
 * <p>Written byte for byte as Cinder's {@code json.dump(info, f, indent=1, sort_keys=True)}
 * writes it (keys sorted, one-space indent, ASCII escapes, no trailing newline), but atomically:
 * a temporary file in the same directory, fsync, rename over the old file, fsync of the
 * directory. Cinder rewrites the file in place, so a crash or a full disk mid-write leaves a
 * file no operation can read; here a reader sees the old file or the new one, never a torn one.
 *
 * <p>Read leniently (any JSON layout), but a corrupt file is an error naming it, never taken
 * for an empty one.
 */
@Singleton
public final class InfoFile {
    public static final String SUFFIX = ".info";
    public static final String ACTIVE = "active";
    /**
     * The largest info file read: Cinder's hold one short line per snapshot. A larger one is refused
     * before it is read (one of 400,000 entries took minutes and gigabytes to list).
     */
    public static final long MAX_BYTES = 1 << 20;

    /** Made when an info file is first read or written: a volume without snapshots has none. */
    private final Supplier<ObjectMapper> mapper;
    private final ShareCalls calls;

    /** Reads and writes on the caller's thread, without a deadline. */
    public InfoFile(ObjectMapper mapper) {
        this(mapper, ShareCalls.unbounded());
    }

    /** @param calls bounds each read and write by the share's deadline ({@code share_io_timeout}) */
    public InfoFile(ObjectMapper mapper, ShareCalls calls) {
        this((Supplier<ObjectMapper>) () -> mapper, calls);
    }

    /** The wiring's: the mapper is made when first needed. */
    @Inject
    InfoFile(com.google.inject.Provider<ObjectMapper> mapper, ShareCalls calls) {
        this((Supplier<ObjectMapper>) mapper::get, calls);
    }

    private InfoFile(Supplier<ObjectMapper> mapper, ShareCalls calls) {
        this.mapper = mapper;
        this.calls = calls;
    }

    /** What bounds this info file's reads and writes, for the files written beside it. */
    public ShareCalls calls() {
        return calls;
    }

    /** The info file of a volume file. */
    public static Path pathOf(Path volumeFile) {
        return volumeFile.resolveSibling(volumeFile.getFileName() + SUFFIX);
    }

    /**
     * The file's entries, in file order; empty when there is no file.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_VOLUME} when the file is not a JSON object of strings
     */
    public Optional<Map<String, String>> read(Path infoFile) {
        byte[] bytes;
        try {
            bytes = calls.call(infoFile, () -> {
                if (Files.size(infoFile) > MAX_BYTES) {
                    throw corrupt(infoFile, "it is larger than " + MAX_BYTES + " bytes (a volume's record of its "
                            + "snapshots is a few hundred bytes; " + MAX_BYTES + " bytes hold some ten thousand snapshots)");
                }
                return Files.readAllBytes(infoFile);
            });
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + infoFile + ": " + e,
                    Map.of("file", infoFile.toString()), e);
        }
        String text;
        try {
            // strictly UTF-8, as Cinder's open() and json.load read it: a byte-level parser would also
            // take UTF-16 or UTF-32 for JSON, and cannot hold a lone surrogate escape in a key
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(infoFile, "it is not UTF-8 text");
        }
        JsonNode root;
        try {
            // one JSON value and nothing after it: json.load refuses trailing data ("Extra data"), so a
            // file of two records is corrupt, not the first of them; and NaN and Infinity are numbers to
            // it (a record whose duplicate key replaced one is valid to Cinder)
            root = mapper.get().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).readTree(text);
        } catch (JsonProcessingException e) {
            throw corrupt(infoFile, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw corrupt(infoFile, e.toString());
        }
        if (root == null || !root.isObject()) {
            throw corrupt(infoFile, "it is not a JSON object");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isTextual()) {
                throw corrupt(infoFile, "the value of '" + field.getKey() + "' is not a file name");
            }
            entries.put(field.getKey(), field.getValue().textValue());
        }
        return Optional.of(entries);
    }

    /**
     * Replaces the file's content atomically. A new file gets the permissions {@code permit}
     * gives it; a replaced one keeps its mode.
     *
     * @throws RemoteFsException {@link ErrorCode#DRIVER_ERROR} when {@code active} is missing (as
     *         Cinder refuses), {@link ErrorCode#SHARE_IO_ERROR} when it cannot be written (the old
     *         file is then untouched)
     */
    public void write(Path infoFile, Map<String, String> entries, java.util.function.Consumer<Path> permit) {
        if (!entries.containsKey(ACTIVE)) {
            throw new RemoteFsException(ErrorCode.DRIVER_ERROR, "'active' must be present when writing " + infoFile,
                    Map.of("file", infoFile.toString()));
        }
        writeAtomically(calls, infoFile, render(entries).getBytes(StandardCharsets.US_ASCII), "info", permit);
    }

    /**
     * Replaces a small file beside the info file (the info file, a journal) atomically: a
     * temporary file, fsynced, renamed over it, the directory fsynced. A crash leaves the old
     * content or the new one.
     */
    public static void writeAtomically(Path infoFile, byte[] bytes, String purpose,
                                       java.util.function.Consumer<Path> permit) {
        writeAtomically(ShareCalls.unbounded(), infoFile, bytes, purpose, permit);
    }

    /** {@link #writeAtomically(Path, byte[], String, java.util.function.Consumer)}, bounded by {@code calls}. */
    public static void writeAtomically(ShareCalls calls, Path infoFile, byte[] bytes, String purpose,
                                       java.util.function.Consumer<Path> permit) {
        Path temporary = infoFile.resolveSibling(TemporaryNames.of(infoFile.getFileName().toString(), purpose));
        try {
            // one bounded call: a share that hangs midway fails the write, the old file untouched
            calls.run(infoFile, () -> {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                if (Files.exists(infoFile)) {
                    Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(infoFile));
                } else {
                    permit.accept(temporary);
                }
                move(temporary, infoFile);
                syncDirectory(infoFile.getParent());
            });
        } catch (IOException | RuntimeException e) {
            try {
                calls.run(infoFile, () -> Files.deleteIfExists(temporary));
            } catch (IOException | RuntimeException ignored) {
                // the temporary name is unique and ignored by every reader (a hung share keeps it
                // until it answers); nothing else to do
            }
            if (e instanceof RemoteFsException remote) {
                throw remote;
            }
            // a full share is a code a program can act on: free space and retry (the old file is intact)
            throw new RemoteFsException(org.remotefs.core.volume.IoErrors.codeOf(e),
                    "cannot write " + infoFile + ": " + e, Map.of("file", infoFile.toString()), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // rename(2) in one directory is atomic on every file system a share uses; NIO says
            // otherwise only for exotic providers, where a plain replace is the best there is.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename has happened, and the
            // data of the file itself was synced before it.
        }
    }

    /** Python's {@code json.dumps(entries, indent=1, sort_keys=True)}. */
    static String render(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "{}";
        }
        StringBuilder json = new StringBuilder("{\n");
        boolean first = true;
        TreeMap<String, String> sorted = new TreeMap<>(InfoFile::byCodePoint);
        sorted.putAll(entries);
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            if (!first) {
                json.append(",\n");
            }
            first = false;
            json.append(' ');
            quote(json, entry.getKey());
            json.append(": ");
            quote(json, entry.getValue());
        }
        return json.append("\n}").toString();
    }

    /**
     * Python's order of strings (what {@code sort_keys} sorts by): by code point. String's own
     * order compares UTF-16 units, which puts a character beyond U+FFFF before U+E000..U+FFFF.
     */
    static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static RemoteFsException corrupt(Path infoFile, String why) {
        return new RemoteFsException(ErrorCode.INVALID_VOLUME, "info file " + infoFile + " is corrupt: " + why,
                Map.of("file", infoFile.toString()));
    }
}
