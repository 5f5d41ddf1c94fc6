package org.remotefs.core.localfs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.remotefs.api.RemoteFsException;

/**
 * The process {@link LocalFsRandomKillIT} kills: builds the backend from the configuration file
 * named by its argument (the JVM's start and the driver's making are not part of the operation),
 * says {@code ready}, reads one {@link CrashJob} line from stdin, says {@code start}, runs it
 * through the Java API and says {@code done <nanoseconds>} (or {@code failed <CODE>}). Its lines
 * on stdout start with {@link #PREFIX}; logs go to stderr.
 */
final class CrashWorker {
    static final String PREFIX = "crash-worker ";

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (CrashBackend backend = new CrashBackend(Path.of(args[0]))) {
            // the inventory and image service touched once, so that the job's own time is the operation's
            backend.driver().listVolumes();
            say("ready");
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                return;
            }
            CrashJob job = CrashJob.parse(line);
            say("start");
            long started = System.nanoTime();
            try {
                backend.run(job);
            } catch (RemoteFsException e) {
                say("failed " + e.code().name() + " " + e.getMessage().replace('\n', ' '));
                System.exit(1);
            }
            say("done " + (System.nanoTime() - started));
        }
    }

    private static void say(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
