package org.remotefs.core.volume;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;

/**
 * The code of a failed in-process write on a share: {@link ErrorCode#NO_SPACE} when the share is
 * full ("No space left on device", ENOSPC — a code a program can act on: free space and retry),
 * else {@link ErrorCode#SHARE_IO_ERROR}. The same rule the command runner applies to a command's
 * stderr ({@link ProcessExecutionException}), so an operation reports a full share alike whether
 * qemu-img or remotefs itself wrote.
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static ErrorCode codeOf(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(ProcessExecutionException.NO_SPACE_TEXT)) {
                return ErrorCode.NO_SPACE;
            }
        }
        return ErrorCode.SHARE_IO_ERROR;
    }
}
