package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;

final class MountRequestTest {
    private static final Share SHARE = new Share("host:/volume", null, "shares:1");
    private static final Path MOUNT_POINT = Path.of("/mnt/x");
    private static final MountCommand COMMAND = new MountCommand("only", List.of("mount", "host:/volume", "/mnt/x"));

    private static RemoteFsException refused(Runnable create) {
        return catchThrowableOfType(RemoteFsException.class, create::run);
    }

    private static void assertRefused(Runnable create, String field) {
        RemoteFsException e = refused(create);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.details()).containsEntry("field", field);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertRefused(() -> new MountRequest(SHARE, MOUNT_POINT, "X", List.of(COMMAND), 0, Duration.ZERO, Redaction.none()),
                "rounds");
        assertRefused(() -> new MountRequest(SHARE, MOUNT_POINT, "X", List.of(), 1, Duration.ZERO, Redaction.none()),
                "commands");
        assertRefused(() -> new MountRequest(SHARE, MOUNT_POINT, "X", List.of(COMMAND, COMMAND), 1, Duration.ZERO,
                Redaction.none()), "commands");
        assertRefused(() -> new MountRequest(SHARE, MOUNT_POINT, "X", List.of(COMMAND), 1, Duration.ofSeconds(-1),
                Redaction.none()), "pause");
        assertRefused(() -> new MountRequest(null, MOUNT_POINT, "X", List.of(COMMAND), 1, Duration.ZERO, Redaction.none()),
                "share");
        assertRefused(() -> new MountRequest(SHARE, null, "X", List.of(COMMAND), 1, Duration.ZERO, Redaction.none()),
                "mount_point");
        assertRefused(() -> new MountRequest(SHARE, MOUNT_POINT, "X", List.of(COMMAND), 1, Duration.ZERO, null),
                "redaction");
        assertRefused(() -> new MountCommand(" ", List.of("mount")), "name");
        assertRefused(() -> new MountCommand("empty", List.of()), "arguments");
    }

    @Test
    void aCommandShowsItsNameButNotItsArguments() {
        MountCommand command = new MountCommand("cifs", List.of("mount", "-o", "password=pw-value", "//h/s", "/mnt/x"));

        assertThat(command.toString()).contains("cifs").doesNotContain("pw-value");
    }
}
