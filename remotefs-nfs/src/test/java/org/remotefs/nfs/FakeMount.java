package org.remotefs.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mount} and a {@code mount.nfs} executable first on {@code PATH} (through the root
 * helper {@code env PATH=<bin>:...}), recording their arguments and failing on demand: each call
 * takes the next line of {@code outcomes} ({@code ok}: lists the share in the mount table;
 * {@code fail <message>}; {@code raced <message>}:
 * fails, but lists the share as mounted in the mount table, as another process's mount would;
 * {@code ok} when none is left).
 */
final class FakeMount {
    final Path bin;
    private final Path log;
    private final Path outcomes;

    FakeMount(Path directory) throws IOException {
        bin = Files.createDirectories(directory.resolve("bin"));
        log = bin.resolve("calls");
        outcomes = bin.resolve("outcomes");
        Files.writeString(outcomes, "");
        String script = """
                #!/bin/sh
                printf '%s\\n' "$*" >> "$(dirname "$0")/calls"
                outcomes="$(dirname "$0")/outcomes"
                line=$(head -n 1 "$outcomes")
                tail -n +2 "$outcomes" > "$outcomes.next" && mv "$outcomes.next" "$outcomes"
                case "$line" in
                  fail*) echo "${line#fail }" >&2; exit 32 ;;
                  raced*)
                    for last; do :; done
                    eval "share=\\${$(($# - 1))}"
                    printf '%s %s nfs4 rw 0 0\\n' "$share" "$last" >> "$FAKE_MOUNT_TABLE"
                    echo "${line#raced }" >&2; exit 32 ;;
                  *)
                    for last; do :; done
                    eval "share=\\${$(($# - 1))}"
                    [ "$1" = "-t" ] && printf '%s %s nfs4 rw 0 0\\n' "$share" "$last" >> "$FAKE_MOUNT_TABLE"
                    exit 0 ;;
                esac
                """;
        for (String name : List.of("mount", "mount.nfs")) {
            Path file = bin.resolve(name);
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The root helper that puts these first on PATH, and tells them the mount table to write to. */
    String rootHelper(Path mountTable) {
        return "env FAKE_MOUNT_TABLE=" + mountTable + " PATH=" + bin + ":" + System.getenv("PATH");
    }

    void willAnswer(String... lines) throws IOException {
        Files.writeString(outcomes, String.join("\n", lines) + (lines.length == 0 ? "" : "\n"));
    }

    /** The mount calls so far (mount.nfs's existence checks left out). */
    List<String> calls() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> calls = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("-t ")) {
                calls.add(line);
            }
        }
        return calls;
    }
}
