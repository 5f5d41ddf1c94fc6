package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Stands in for {@code mount} and {@code umount} (and any further program named with
 * {@link #withProgram}, such as {@code mount.nfs}): executables in {@code <directory>/bin} that a
 * command finds first on its {@code PATH} when it runs through {@link #rootHelper()}
 * ({@code env PATH=<bin>:...}), so code that mounts through a root helper is tested without root.
 * Each records its call as {@code <program> <arguments>} and answers as told: each call, of any of
 * its programs, takes the next line of the outcomes ({@link #willAnswer}; {@code ok} when none is
 * left):
 * <ul>
 * <li>{@code ok}: {@code mount} lists its last two arguments (device, mount point) in this
 * fixture's mount table ({@link #mountTable()}, in {@code /proc/mounts}'s format, spaces escaped as
 * the kernel escapes them); {@code umount} removes its last argument's line; other programs change
 * nothing; exits 0;</li>
 * <li>{@code silent}: exits 0 and changes nothing (a mount that "succeeds" without mounting);</li>
 * <li>{@code fail <message>}: prints the message on stderr, exits 32;</li>
 * <li>{@code mute}: exits 32 and prints nothing;</li>
 * <li>{@code hang}: sleeps ten minutes in the same process (a mount of a server that does not
 * answer), until it is killed;</li>
 * <li>{@code raced <message>}: does what {@code ok} does, as another process would have, then fails
 * as {@code fail} does.</li>
 * </ul>
 * With {@link #withCapturedFileOption}, each call first copies the file a mount option names
 * ({@code credentials=<file>}, as {@code mount.cifs} reads it), with its mode, as it is at that
 * moment: {@link #capturedFiles()}.
 * Needs {@code sh}, {@code sed}, {@code grep}, {@code cp} and {@code stat}; no root. Commands run without the root helper do
 * not see it.
 */
public final class RecordingMount implements AutoCloseable {
    private static final String SCRIPT = """
            #!/bin/sh
            bin=%1$s
            table=%2$s
            program="$(basename "$0")"
            printf '%%s %%s\\n' "$program" "$*" >> "$bin/calls"
            capture=%4$s
            if [ -n "$capture" ]; then
              mkdir -p "$bin/captured"
              for argument; do
                case ",$argument," in
                  *,"$capture"=*)
                    file=${argument#*"$capture"=}
                    file=${file%%%%,*}
                    n=$(ls "$bin/captured" | grep -c '[.]path$')
                    printf '%%s\\n' "$file" > "$bin/captured/$n.path"
                    if [ -f "$file" ]; then
                      cp "$file" "$bin/captured/$n.content"
                      stat -c %%a "$file" > "$bin/captured/$n.mode"
                    fi ;;
                esac
              done
            fi
            line=$(head -n 1 "$bin/outcomes")
            tail -n +2 "$bin/outcomes" > "$bin/outcomes.next" && mv "$bin/outcomes.next" "$bin/outcomes"
            for last; do :; done
            # the kernel writes a space in a mount table field as \\040
            escaped() { printf '%%s' "$1" | sed 's/ /\\\\040/g'; }
            act() {
              case "$program" in
                mount)
                  [ $# -ge 2 ] || return 0
                  eval "device=\\${$(($# - 1))}"
                  printf '%%s %%s %3$s rw 0 0\\n' "$(escaped "$device")" "$(escaped "$last")" >> "$table" ;;
                umount)
                  grep -v -F " $(escaped "$last") " "$table" > "$table.next"
                  mv "$table.next" "$table" ;;
              esac
            }
            case "$line" in
              silent) exit 0 ;;
              mute) exit 32 ;;
              hang) exec sleep 600 ;;
              fail*) echo "${line#fail }" >&2; exit 32 ;;
              raced*) act "$@"; echo "${line#raced }" >&2; exit 32 ;;
              *) act "$@"; exit 0 ;;
            esac
            """;

    private final Path bin;
    private final Path table;
    private final Set<String> programs = new LinkedHashSet<>(List.of("mount", "umount"));
    private String filesystemType = "fake";
    private String capturedFileOption = "";

    /** @param directory where the programs ({@code bin/}) and the mount table ({@code mounts}) go */
    public RecordingMount(Path directory) {
        this.bin = directory.resolve("bin");
        this.table = directory.resolve("mounts");
    }

    /** One more program that records and answers, besides mount and umount: {@code mount.nfs}, say. */
    public RecordingMount withProgram(String name) {
        programs.add(Objects.requireNonNull(name, "name"));
        return this;
    }

    /** The type a mount lists in the mount table (default {@code fake}). */
    public RecordingMount withFilesystemType(String type) {
        this.filesystemType = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * Makes each call copy the file its mount option {@code name} names ({@code credentials} for
     * {@code credentials=<file>}), content and mode, before it answers: what the file held while
     * the command ran, though the caller removes it right after.
     */
    public RecordingMount withCapturedFileOption(String name) {
        if (!Objects.requireNonNull(name, "name").matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a mount option name: " + name);
        }
        this.capturedFileOption = name;
        return this;
    }

    /**
     * A file a call named, as it was during the call.
     *
     * @param path    the path the option gave
     * @param mode    its octal mode ({@code 600}), or null when no file was there
     * @param content its bytes, or null when no file was there
     */
    public record CapturedFile(String path, String mode, byte[] content) {
    }

    /** The files calls named with the captured option ({@link #withCapturedFileOption}), in order. */
    public List<CapturedFile> capturedFiles() {
        Path directory = bin.resolve("captured");
        List<CapturedFile> files = new ArrayList<>();
        try {
            for (int i = 0; Files.exists(directory.resolve(i + ".path")); i++) {
                String path = Files.readString(directory.resolve(i + ".path"), StandardCharsets.UTF_8).strip();
                Path mode = directory.resolve(i + ".mode");
                Path content = directory.resolve(i + ".content");
                files.add(new CapturedFile(path, Files.exists(mode) ? Files.readString(mode).strip() : null,
                        Files.exists(content) ? Files.readAllBytes(content) : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Writes the programs, no outcomes, and a mount table that lists only {@code /proc}. */
    public RecordingMount start() {
        try {
            Files.createDirectories(bin);
            Files.writeString(table, "proc /proc proc rw 0 0\n");
            Files.writeString(bin.resolve("outcomes"), "");
            String script = SCRIPT.formatted(shellQuoted(bin.toString()), shellQuoted(table.toString()), filesystemType,
                    shellQuoted(capturedFileOption));
            for (String name : programs) {
                Path file = bin.resolve(name);
                Files.writeString(file, script);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the programs are. */
    public Path bin() {
        return bin;
    }

    /** The mount table the programs write, in {@code /proc/mounts}'s format. */
    public Path mountTable() {
        return table;
    }

    /** A root helper that puts the programs first on {@code PATH}. */
    public String rootHelper() {
        return "env PATH=" + bin + ":" + System.getenv("PATH");
    }

    /** The outcomes of the next calls, one each, in order (see the class comment). */
    public void willAnswer(String... outcomes) {
        try {
            Files.writeString(bin.resolve("outcomes"), String.join("\n", outcomes) + (outcomes.length == 0 ? "" : "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists a device at a mount point, as an earlier mount would have. */
    public void listMounted(String device, Path mountPoint) {
        String line = escaped(device) + " " + escaped(mountPoint.toString()) + " " + filesystemType + " rw 0 0\n";
        try {
            Files.writeString(table, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call so far, {@code <program> <arguments>} each, in order. */
    public List<String> calls() {
        Path log = bin.resolve("calls");
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments of each call of one program so far, in order. */
    public List<String> calls(String program) {
        List<String> calls = new ArrayList<>();
        for (String call : calls()) {
            if (call.startsWith(program + " ")) {
                calls.add(call.substring(program.length() + 1));
            }
        }
        return calls;
    }

    /** Removes the programs, so that nothing finds them any more; the mount table stays. */
    @Override
    public void close() {
        try {
            for (String name : programs) {
                Files.deleteIfExists(bin.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escaped(String field) {
        return field.replace(" ", "\\040");
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
