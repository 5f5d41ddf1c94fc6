package org.remotefs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cinder's real NFS driver from Debian's {@code python3-cinder} (Zed), driven one operation per
 * process by {@code cinder_nfs.py} (shipped with this class): no database, no mount — the share's
 * directory, {@code <base>/<md5 of the share>}, is used as it is, whatever serves it (a tmpfs
 * stand-in, a real GlusterFS mount). Each call prints one JSON document, read back here. Cinder's
 * GlusterFS driver was built on the same snapshot engine (remotefs.py), so the NFS driver drives a
 * GlusterFS share's chains as the GlusterFS driver did.
 *
 * <p>Needs {@code /usr/bin/python3} with {@code python3-cinder}; without them the constructor throws
 * {@link FixtureUnavailableException} (a failure where {@code REMOTEFS_REQUIRE_FIXTURES} is set).
 */
public final class PythonCinder {
    private static final String PYTHON = "/usr/bin/python3";

    private final Path script;
    private final Path base;
    private final String share;
    private final Path locks;
    private String backendUrl;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param work  a directory for the script and Cinder's locks
     * @param base  Cinder's {@code nfs_mount_point_base}; the share's directory must exist under it
     * @param share the share, whose MD5 names its directory
     */
    public PythonCinder(Path work, Path base, String share) throws IOException {
        requireInstalled();
        this.script = work.resolve("cinder_nfs.py");
        try (InputStream in = Objects.requireNonNull(PythonCinder.class.getResourceAsStream("cinder_nfs.py"),
                "cinder_nfs.py beside PythonCinder")) {
            Files.copy(in, script);
        }
        this.base = base;
        this.share = share;
        this.locks = Files.createDirectories(work.resolve("cinder-locks"));
    }

    /**
     * Returns when {@code /usr/bin/python3} imports Debian's {@code python3-cinder}; otherwise throws
     * {@link FixtureUnavailableException} (a failure where {@code REMOTEFS_REQUIRE_FIXTURES} is set):
     * for tests that need Cinder through another way in, as {@code remotefs bench --report}.
     */
    public static void requireInstalled() throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw Fixtures.unavailable("no " + PYTHON);
        }
        int probe;
        try {
            probe = new ProcessBuilder(PYTHON, "-c", "import cinder.volume").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (probe != 0) {
            throw Fixtures.unavailable("Debian's python3-cinder is not installed (apt-get install python3-cinder)");
        }
    }

    /**
     * Cinder's {@code [coordination] backend_url} from now on (default: tooz's file locks in its lock
     * directory), e.g. a ZooKeeper's {@code zookeeper://127.0.0.1:<port>}.
     */
    public PythonCinder withBackendUrl(String url) {
        this.backendUrl = url;
        return this;
    }

    /** Runs one operation; an {@link AssertionError} when Cinder fails it. */
    public JsonNode run(String... arguments) throws IOException {
        JsonNode result = attempt(arguments);
        if (!result.path("ok").asBoolean()) {
            throw new AssertionError("Cinder failed " + String.join(" ", arguments) + ": " + result.toPrettyString());
        }
        return result;
    }

    /** Runs one operation and returns Cinder's answer, success or not. */
    public JsonNode attempt(String... arguments) throws IOException {
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
        return mapper.readTree(new String(out, StandardCharsets.UTF_8));
    }
}
