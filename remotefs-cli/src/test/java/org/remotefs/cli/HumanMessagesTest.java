package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Java class names never reach the user; what a file-system exception means does. */
class HumanMessagesTest {

    @Test
    void aFileSystemExceptionSaysWhatHappenedToThePath() {
        assertThat(HumanMessages.of("cannot create volume 1: java.nio.file.FileAlreadyExistsException: /srv/v/volume-1"))
                .isEqualTo("cannot create volume 1: /srv/v/volume-1 already exists");
        assertThat(HumanMessages.of("cannot stat /x: java.nio.file.NoSuchFileException: /x"))
                .isEqualTo("cannot stat /x: /x does not exist");
        assertThat(HumanMessages.of("cannot take lock /l: java.nio.file.AccessDeniedException: /l"))
                .isEqualTo("cannot take lock /l: /l: permission denied");
    }

    @Test
    void anyOtherClassNameIsDroppedAndItsMessageKept() {
        assertThat(HumanMessages.of("GET http://h/x failed: java.io.IOException: stream closed"))
                .isEqualTo("GET http://h/x failed: stream closed");
        assertThat(HumanMessages.of("failed: org.example.SomeError")).isEqualTo("failed:");
        assertThat(HumanMessages.of("volume 1 is on share a.b (see org.remotefs.docs)")).contains("org.remotefs.docs");
    }

    @Test
    void nothingLeftIsAnInternalErrorPointingAtVerbose() {
        assertThat(HumanMessages.of(null)).contains("--verbose");
        assertThat(HumanMessages.of("java.lang.NullPointerException")).contains("--verbose");
    }
}
