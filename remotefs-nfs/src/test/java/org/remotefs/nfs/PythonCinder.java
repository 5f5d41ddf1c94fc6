package org.remotefs.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cinder's real NFS driver from Debian's {@code python3-cinder}, driven per operation by
 * {@code interop/cinder_nfs.py} (no database, no mount: the share's directory is used as it is),
 * each call a process printing one JSON document.
 */
final class PythonCinder {
    private static final String PYTHON = "/usr/bin/python3";

    private final Path script;
    private final Path base;
    private final String share;
    private final Path locks;
    private String backendUrl;

    PythonCinder(Path work, Path base, String share) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no /usr/bin/python3");
        int probe;
        try {
            probe = new ProcessBuilder(PYTHON, "-c", "import cinder.volume").start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Assumptions.assumeTrue(probe == 0, "Debian's python3-cinder is not installed (apt-get install python3-cinder)");
        this.script = work.resolve("cinder_nfs.py");
        try (var in = PythonCinder.class.getResourceAsStream("/interop/cinder_nfs.py")) {
            Files.copy(in, script);
        }
        this.base = base;
        this.share = share;
        this.locks = Files.createDirectories(work.resolve("cinder-locks"));
    }

    /** Cinder's {@code [coordination] backend_url} from now on (default: tooz's file locks in its lock directory). */
    PythonCinder withBackendUrl(String url) {
        this.backendUrl = url;
        return this;
    }

    /** Runs one operation; fails the test when Cinder fails it. */
    JsonNode run(String... arguments) throws IOException {
        JsonNode result = attempt(arguments);
        if (!result.path("ok").asBoolean()) {
            throw new AssertionError("Cinder failed " + String.join(" ", arguments) + ": " + result.toPrettyString());
        }
        return result;
    }

    /** Runs one operation and returns Cinder's answer, success or not. */
    JsonNode attempt(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), "--base", base.toString(), "--share",
                share, "--lock-dir", locks.toString()));
        if (backendUrl != null) {
            command.addAll(List.of("--backend-url", backendUrl));
        }
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return Json.mapper().readTree(new String(out, StandardCharsets.UTF_8));
    }
}
