package org.remotefs.core.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a volume's {@code volume-<id>.info} file: a JSON object mapping snapshot ids and
 * {@code active} to file names. A corrupt file is an error naming it, never read as empty.
 */
public final class InfoFile {
    public static final String SUFFIX = ".info";
    public static final String ACTIVE = "active";

    private final ObjectMapper mapper;

    public InfoFile(ObjectMapper mapper) {
        this.mapper = mapper;
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
            bytes = Files.readAllBytes(infoFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + infoFile + ": " + e,
                    Map.of("file", infoFile.toString()), e);
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
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

    private static RemoteFsException corrupt(Path infoFile, String why) {
        return new RemoteFsException(ErrorCode.INVALID_VOLUME, "info file " + infoFile + " is corrupt: " + why,
                Map.of("file", infoFile.toString()));
    }
}
