package org.remotefs.core.exec;

import org.remotefs.core.ForBackends;

/**
 * Told a running command's standard output as it comes, chunk by chunk (a progress line of
 * {@code qemu-img -p} before the command ends). A chunk is whatever the pipe delivered: it may end
 * in the middle of a line. Bytes are handed over as ISO-8859-1 text, one character per byte, so a
 * chunk boundary never breaks a character; the ASCII the consumers look for reads the same.
 */
@ForBackends
@FunctionalInterface
public interface OutputConsumer {

    /** Called on the runner's reading thread; must be quick and must not throw. */
    void accept(String chunk);
}
