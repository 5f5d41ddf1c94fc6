package org.remotefs.core.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.share.ShareCalls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One journal file beside an info file: a small JSON object naming its {@code operation}, written
 * atomically as the info file is, read back only when it is a plain file of a sane size, and
 * removed when the operation is complete. Every call runs within the share's deadline. The
 * journals of the snapshot delete, the volume delete ({@link DeleteJournal}) and the clone
 * ({@link CloneJournal}) are records of this one shape; Python Cinder ignores them all.
 */
final class JournalFile {
    /** A journal is a few hundred bytes; anything much larger is not one of ours. */
    private static final long MAX_BYTES = 1 << 20;

    /** Made when a journal is first read or written: most commands meet none. */
    private final Supplier<ObjectMapper> mapper;
    private final ShareCalls calls;

    JournalFile(Supplier<ObjectMapper> mapper, ShareCalls calls) {
        this.mapper = mapper;
        this.calls = calls;
    }

    /**
     * Writes the journal atomically (temporary file, fsync, rename, directory fsync); the
     * operation's first step runs only after this returns.
     *
     * @param of what the journal belongs to, for the error message
     */
    void write(Path path, Map<String, Object> json, String of, Consumer<Path> permit) {
        try {
            InfoFile.writeAtomically(calls, path, mapper.get().writeValueAsBytes(json), "journal", permit);
        } catch (JsonProcessingException e) {
            throw new RemoteFsException(ErrorCode.DRIVER_ERROR, "cannot render the journal of " + of,
                    Map.of("file", path.getFileName().toString()), e);
        }
    }

    /**
     * The journal's object, empty when there is no journal.
     *
     * @throws RemoteFsException {@code INVALID_VOLUME} when it is a link, too large or not a JSON
     *                           object; {@code SHARE_IO_ERROR} when it cannot be read
     */
    Optional<Map<String, Object>> read(Path path) {
        try {
            byte[] bytes = calls.call(path, () -> {
                if (Files.isSymbolicLink(path) || (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                        && Files.size(path) > MAX_BYTES)) {
                    throw corrupt(path, "it is a link or too large");
                }
                return Files.readAllBytes(path);
            });
            return Optional.of(mapper.get().readValue(bytes, new TypeReference<Map<String, Object>>() { }));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException | ClassCastException e) {
            throw corrupt(path, e.getClass().getSimpleName());
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + path + ": " + e,
                    Map.of("file", path.toString()), e);
        }
    }

    /** Removes the journal: the operation is complete, or rolled back. */
    void clear(Path path) {
        try {
            calls.run(path, () -> Files.deleteIfExists(path));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot remove " + path + ": " + e,
                    Map.of("file", path.toString()), e);
        }
    }

    static String text(Path path, Map<String, Object> json, String key) {
        if (json.get(key) instanceof String value) {
            return value;
        }
        throw corrupt(path, "'" + key + "' is missing");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> strings(Path path, Map<String, Object> json, String key) {
        if (json.get(key) instanceof Map<?, ?> map && map.values().stream().allMatch(String.class::isInstance)) {
            return new LinkedHashMap<>((Map<String, String>) map);
        }
        throw corrupt(path, "'" + key + "' is not a map of names");
    }

    @SuppressWarnings("unchecked")
    static List<String> names(Path path, Map<String, Object> json, String key) {
        if (json.get(key) instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
            return List.copyOf((List<String>) items);
        }
        throw corrupt(path, "'" + key + "' is not a list of names");
    }

    static RemoteFsException corrupt(Path path, String why) {
        return new RemoteFsException(ErrorCode.INVALID_VOLUME, "journal " + path + " cannot be used: " + why,
                Map.of("file", path.toString()));
    }
}
