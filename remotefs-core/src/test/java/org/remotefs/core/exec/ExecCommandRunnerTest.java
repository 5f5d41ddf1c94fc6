package org.remotefs.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;

/** Runs real processes: the runner is a thin layer over them, and its worth is in how they behave. */
final class ExecCommandRunnerTest {
    private final ExecCommandRunner runner = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));

    @Test
    void capturesOutputAndPassesArgumentsVerbatimWithoutAShell() {
        CommandResult result = runner.run(Command.of("printf", "%s|", "a b", "$HOME", "*", "'q'", ";ls"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("a b|$HOME|*|'q'|;ls|");
        assertThat(result.command()).containsExactly("printf", "%s|", "a b", "$HOME", "*", "'q'", ";ls");
    }

    @Test
    void aFailingCommandCarriesCommandExitCodeAndOutput() {
        assertThatThrownBy(() -> runner.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3")))
                .isInstanceOf(ProcessExecutionException.class)
                .satisfies(e -> {
                    ProcessExecutionException error = (ProcessExecutionException) e;
                    assertThat(error.code()).isEqualTo(ErrorCode.PROCESS_EXECUTION);
                    assertThat(error.exitCode()).isEqualTo(3);
                    assertThat(error.stdout()).isEqualTo("out\n");
                    assertThat(error.stderr()).isEqualTo("err\n");
                    assertThat(error.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
                });
    }

    @Test
    void acceptedExitCodesAreSuccess() {
        CommandResult result = runner.run(Command.of("sh", "-c", "exit 2").acceptingExitCodes(0, 2));

        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingProgramIsAnExecutionErrorWithoutExitCode() {
        assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/program", "x")))
                .isInstanceOf(ProcessExecutionException.class)
                .satisfies(e -> assertThat(((ProcessExecutionException) e).exitCode()).isEqualTo(-1));
    }

    @Test
    void aCommandOverItsTimeoutIsKilled() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(ProcessExecutionException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theRootHelperPrefixesRootCommandsOnly() {
        ExecCommandRunner withHelper = new ExecCommandRunner(RootHelper.parse("env  ROOT_HELPER_RAN=yes"),
                Duration.ofSeconds(30));

        CommandResult asRoot = withHelper.run(Command.of("sh", "-c", "echo ${ROOT_HELPER_RAN:-no}").asRoot(true));
        CommandResult asUser = withHelper.run(Command.of("sh", "-c", "echo ${ROOT_HELPER_RAN:-no}"));

        assertThat(asRoot.stdout()).isEqualTo("yes\n");
        assertThat(asRoot.command()).startsWith("env", "ROOT_HELPER_RAN=yes", "sh");
        assertThat(asUser.stdout()).isEqualTo("no\n");
    }

    @Test
    void aFailedCommandNamesItsStepTheProgramAndQemuImgsSubCommandBehindTheRootHelper() {
        ExecCommandRunner withHelper = new ExecCommandRunner(RootHelper.parse("env ROOT_HELPER_RAN=yes"),
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> withHelper.run(Command.of("qemu-img", "info", "-f", "qcow2", "/nonexistent/image")
                .asRoot(true))).isInstanceOfSatisfying(ProcessExecutionException.class, e -> {
                    assertThat(e.command()).startsWith("env", "ROOT_HELPER_RAN=yes", "qemu-img", "info");
                    assertThat(e.details()).containsEntry("step", "qemu-img info");
                    assertThat(e.step()).isEqualTo("qemu-img info");
                });
        assertThatThrownBy(() -> withHelper.run(Command.of("sh", "-c", "exit 4").asRoot(true)))
                .isInstanceOfSatisfying(ProcessExecutionException.class,
                        e -> assertThat(e.details()).containsEntry("step", "sh"));
        assertThatThrownBy(() -> runner.run(Command.of("/usr/bin/qemu-img", "commit", "-f", "qcow2", "/nonexistent")))
                .isInstanceOfSatisfying(ProcessExecutionException.class,
                        e -> assertThat(e.details()).containsEntry("step", "qemu-img commit"));
    }

    @Test
    void messagesAreInTheCLocale() {
        assertThat(runner.run(Command.of("sh", "-c", "echo $LC_ALL")).stdout()).isEqualTo("C\n");
    }

    @Test
    void aCommandsSecretsAreMaskedInItsErrorItsOutputAndItsDescription() {
        Command command = Command.of("sh", "-c", "echo \"mount error for password=$1\" >&2; exit 32", "sh",
                "s3cr3t-pw").withSecrets("s3cr3t-pw");

        assertThat(command.toString()).doesNotContain("s3cr3t-pw").contains("***");
        assertThatThrownBy(() -> runner.run(command))
                .isInstanceOfSatisfying(ProcessExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_EXECUTION);
                    assertThat(e.exitCode()).isEqualTo(32);
                    assertThat(String.join(" ", e.command())).doesNotContain("s3cr3t-pw").contains("***");
                    assertThat(e.stderr()).contains("password=***").doesNotContain("s3cr3t-pw");
                    assertThat(e.getMessage()).doesNotContain("s3cr3t-pw");
                    assertThat(e.details().toString()).doesNotContain("s3cr3t-pw");
                });
    }
}
