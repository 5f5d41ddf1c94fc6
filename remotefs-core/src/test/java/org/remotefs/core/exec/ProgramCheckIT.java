package org.remotefs.core.exec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** Installed or not, with real programs: run directly, and through a root helper (env). */
final class ProgramCheckIT {
    private static final String MISSING = "remotefs-no-such-program";

    private static ProgramCheck check(String rootHelper) {
        return new ProgramCheck(new ExecCommandRunner(RootHelper.parse(rootHelper), Duration.ofSeconds(10)));
    }

    @Test
    void aProgramThatRunsIsInstalledWhateverItsExitStatus() {
        assertThatCode(() -> check("").require("false", false)).doesNotThrowAnyException();
        assertThatCode(() -> check("env").require("true", true)).doesNotThrowAnyException();
    }

    @Test
    void aMissingProgramIsNamedWhetherItFailsToStartOrTheHelperAnswers127() {
        for (ProgramCheck check : new ProgramCheck[] {check(""), check("env")}) {
            assertThatThrownBy(() -> check.require(MISSING, true)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                assertThat(e.details()).containsEntry("tool", MISSING);
            });
        }
    }
}
