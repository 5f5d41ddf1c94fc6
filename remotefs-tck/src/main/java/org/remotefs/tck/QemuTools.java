package org.remotefs.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** The real qemu-img and qemu-io, run as processes: the TCK's independent view of the images. */
public final class QemuTools {
    public static final int MIB = 1 << 20;

    private QemuTools() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String run(String... command) {
        Result result = exec(List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
        return result.output();
    }

    /** {@code qemu-img info --output=json} of one image. */
    public static JsonNode info(Path image) {
        try {
            return Json.mapper().readTree(run("qemu-img", "info", "--output=json", "--force-share", image.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code qemu-img info -f FORMAT --output=json}: the image read as {@code format} (a qemu name:
     * {@code raw}, {@code qcow2}, {@code vpc}, {@code vhdx}), never probed; fails when it is not one.
     */
    public static JsonNode info(Path image, String format) {
        try {
            return Json.mapper().readTree(run("qemu-img", "info", "-f", format, "--output=json", "--force-share",
                    image.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * qemu's name of a volume format as Cinder names it: {@code vhd} is qemu's {@code vpc}, the
     * others are spelt alike.
     */
    public static String qemuFormat(String cinderFormat) {
        return "vhd".equals(cinderFormat) ? "vpc" : cinderFormat;
    }

    /** {@code qemu-img info --backing-chain}, for diagnostics; never fails. */
    public static String backingChain(Path image) {
        return exec(List.of("qemu-img", "info", "--backing-chain", "--force-share", image.toString())).output();
    }

    /** Writes one MiB of {@code pattern} at MiB {@code offset}; {@code format} is qemu's name ({@link #qemuFormat}). */
    public static void write(Path image, String format, int pattern, int offset) {
        run("qemu-io", "-f", format, "-c", "write -P " + pattern + " " + (long) offset * MIB + " " + MIB, image.toString());
    }

    /** Null when MiB i reads {@code patterns[i]} for every i (0: zeros), else qemu-io's complaint. */
    public static String mismatch(Path image, String format, int... patterns) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format, "-r"));
        for (int i = 0; i < patterns.length; i++) {
            command.add("-c");
            command.add("read -P " + patterns[i] + " " + (long) i * MIB + " " + MIB);
        }
        command.add(image.toString());
        Result result = exec(command);
        return result.exitCode() == 0 ? null : result.output();
    }
}
