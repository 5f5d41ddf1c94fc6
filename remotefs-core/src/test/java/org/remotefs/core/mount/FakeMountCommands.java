package org.remotefs.core.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.ProcMounts;

/**
 * A {@code mount} and a {@code umount} first on {@code PATH} (put there by the root helper
 * {@code env PATH=<bin>:...}, as the NFS tests do), recording each call as
 * {@code <program> <arguments>} and answering as told: each call takes the next line of the
 * outcomes ({@code ok} when none is left):
 * <ul>
 * <li>{@code ok}: mount lists its last two arguments (device, mount point) in the fake mount
 * table; umount removes its mount point from it;</li>
 * <li>{@code silent}: exits 0 and changes nothing (a mount that "succeeds" without a mount);</li>
 * <li>{@code fail <message>}: prints the message on stderr, exits 32;</li>
 * <li>{@code mute}: exits 32 and prints nothing;</li>
 * <li>{@code raced <message>}: does what {@code ok} does, as another process would have, then
 * fails as {@code fail} does.</li>
 * </ul>
 * Commands run as the user (not through the root helper) do not see the fakes.
 */
final class FakeMountCommands {
    private static final String SCRIPT = """
            #!/bin/sh
            bin="$(dirname "$0")"
            printf '%s %s\\n' "$(basename "$0")" "$*" >> "$bin/calls"
            line=$(head -n 1 "$bin/outcomes")
            tail -n +2 "$bin/outcomes" > "$bin/outcomes.next" && mv "$bin/outcomes.next" "$bin/outcomes"
            for last; do :; done
            act() {
              if [ "$(basename "$0")" = umount ]; then
                grep -v -F " $last " "$FAKE_MOUNT_TABLE" > "$FAKE_MOUNT_TABLE.next"
                mv "$FAKE_MOUNT_TABLE.next" "$FAKE_MOUNT_TABLE"
              else
                eval "device=\\${$(($# - 1))}"
                printf '%s %s fake rw 0 0\\n' "$device" "$last" >> "$FAKE_MOUNT_TABLE"
              fi
            }
            case "$line" in
              silent) exit 0 ;;
              mute) exit 32 ;;
              fail*) echo "${line#fail }" >&2; exit 32 ;;
              raced*) act "$@"; echo "${line#raced }" >&2; exit 32 ;;
              *) act "$@"; exit 0 ;;
            esac
            """;

    final Path table;
    private final Path bin;

    FakeMountCommands(Path directory) throws IOException {
        bin = Files.createDirectories(directory.resolve("fake-bin"));
        table = Files.writeString(directory.resolve("fake-mounts"), "proc /proc proc rw 0 0\n");
        Files.writeString(bin.resolve("outcomes"), "");
        for (String name : List.of("mount", "umount")) {
            Path file = bin.resolve(name);
            Files.writeString(file, SCRIPT);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A runner whose root helper puts the fakes first on PATH and tells them the table to write to. */
    CommandRunner runner() {
        return new ExecCommandRunner(RootHelper.parse("env FAKE_MOUNT_TABLE=" + table + " PATH=" + bin + ":"
                + System.getenv("PATH")), Duration.ofSeconds(30));
    }

    /** The fake mount table, as the toolkit reads it. */
    ProcMounts mounts() {
        return new ProcMounts(table);
    }

    void willAnswer(String... lines) throws IOException {
        Files.writeString(bin.resolve("outcomes"), String.join("\n", lines) + (lines.length == 0 ? "" : "\n"));
    }

    /** Lists a device at a mount point, as an earlier mount would have. */
    void listMounted(String device, Path mountPoint) throws IOException {
        Files.writeString(table, device + " " + mountPoint + " fake rw 0 0\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** The calls so far, {@code <program> <arguments>} each. */
    List<String> calls() throws IOException {
        Path log = bin.resolve("calls");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }
}
