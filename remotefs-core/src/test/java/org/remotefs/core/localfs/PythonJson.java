package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.remotefs.core.json.Json;

/** What CPython's {@code json.dumps(obj, indent=1, sort_keys=True)} writes, as Cinder writes its info files. */
final class PythonJson {
    private PythonJson() {
    }

    static String dumps(Map<String, String> entries) {
        try {
            Process process = new ProcessBuilder(List.of("python3", "-c",
                    "import json, sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=1, sort_keys=True))"))
                    .start();
            process.getOutputStream().write(Json.mapper().writeValueAsBytes(entries));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("python3 failed: " + new String(process.getErrorStream().readAllBytes()));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
