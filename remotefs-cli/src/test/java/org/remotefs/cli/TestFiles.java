package org.remotefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** Helpers the command-line tests share: "nothing changed" listings and JSON arrays. */
final class TestFiles {
    private TestFiles() {
    }

    /** Every file and directory under root: a file with its size, modification time and permissions. */
    static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> listing = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                listing.put(root.relativize(path) + (attributes.isDirectory() ? "/" : ""), attributes.isDirectory()
                        ? "directory"
                        : attributes.size() + " bytes, modified " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)
                                + ", " + PosixFilePermissions.toString(attributes.permissions()));
            }
        }
        return listing;
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> ids(JsonNode volumes) {
        return stream(volumes).map(v -> v.path("id").asText()).toList();
    }
}
