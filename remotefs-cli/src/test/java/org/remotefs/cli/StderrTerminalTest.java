package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether stderr is a terminal, told by the device its descriptor's link names. */
final class StderrTerminalTest {
    @TempDir
    Path directory;

    private boolean linkedTo(String target) throws IOException {
        Path link = Files.createSymbolicLink(directory.resolve("fd2-" + Math.abs(target.hashCode())), Path.of(target));
        return new StderrTerminal(link).isTerminal();
    }

    @Test
    void pseudoTerminalsConsolesAndTtysAreTerminals() throws IOException {
        assertThat(linkedTo("/dev/pts/3")).isTrue();
        assertThat(linkedTo("/dev/tty1")).isTrue();
        assertThat(linkedTo("/dev/console")).isTrue();
    }

    @Test
    void pipesFilesAndDevNullAreNot() throws IOException {
        assertThat(linkedTo("pipe:[123456]")).isFalse();
        assertThat(linkedTo("/tmp/remotefs.log")).isFalse();
        assertThat(linkedTo("/dev/null")).isFalse();
    }

    @Test
    void noLinkIsNoTerminal() {
        assertThat(new StderrTerminal(directory.resolve("missing")).isTerminal()).isFalse();
        assertThat(new StderrTerminal(directory).isTerminal()).isFalse();
    }

    @Test
    void thisTestsStderrIsNoTerminal() {
        // Surefire pipes the forked JVM's stderr: what the ITs rely on for "no progress unless asked"
        assertThat(StderrTerminal.ofThisProcess().isTerminal()).isFalse();
    }
}
